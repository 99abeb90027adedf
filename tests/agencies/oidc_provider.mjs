// A real OpenID Connect provider for the sign-on tests (tests/agencies/test_oidc.py): the npm
// package oidc-provider, certified by the OpenID Foundation, on 127.0.0.1.
//
// Started by the tests with `node oidc_provider.mjs` and its configuration as JSON in the
// environment variable OIDC_TEST_PROVIDER:
//   {"port": 1234, "client_id": "...", "client_secret": "...", "redirect_uris": ["..."],
//    "post_logout_redirect_uris": ["..."], "accounts": {"lan": {"employee_code": "NB1"}}}
// People sign in through the package's development login page (any password; the login name
// picks the account) and are never asked for consent: HọcSố is a first-party client.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_PROVIDER);
const issuer = `http://127.0.0.1:${config.port}`;
// A fresh RSA key for every run: ID tokens are RS256, checked against this provider's JWKS.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      post_logout_redirect_uris: config.post_logout_redirect_uris || [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // The employee code travels with the profile scope, as a Keycloak mapper would put it.
  claims: { openid: ['sub'], profile: ['name', 'employee_code'] },
  features: { devInteractions: { enabled: true } },
  // PKCE is the client's choice, as on Keycloak: HọcSố always sends it, and one test turns it
  // off to show that the nonce alone catches a code swapped between two sign-ins.
  pkce: { required: () => false },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['name', 'employee_code']);
    await grant.save();
    return grant;
  },
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
