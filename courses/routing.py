"""Page routing and privacy checks in fewer queries than Wagtail's defaults.

Wagtail routes each level of a URL with two queries (the child page, then its specific row) and
checks view restrictions with a query for the ancestors before the one for the restrictions. A
lesson sits three levels under the site root, so these are most of what a lesson view costs: see
bench/README.md. The results are the same pages and the same restrictions.
"""

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

# Pages routed through on the way to a page below them (a course, on the way to its lessons) are
# cached under their parent, when the parent allows it, and dropped when one of them changes
# (courses/receivers.py). The expiry bounds staleness where the cache is per process.
ROUTED_CACHE_SECONDS = 600


def routed_children_cache_key(parent_id: int) -> str:
    return f"courses:routed:v1:{parent_id}"


class OneQueryRoutingMixin:
    """Route to a child in one query and check view restrictions without reading ancestors."""

    # Set on a parent whose children are routed through often (the home page: every lesson view
    # passes through its course).
    # The page finally served is always read from the database.
    cache_routed_through_children = False

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        cacheable = bool(remaining) and self.cache_routed_through_children
        child = self._routed_child_cached(slug) if cacheable else None
        if child is None:
            child = self._child_by_slug(slug)
            if cacheable and child.allowed_subpage_models():
                self._routed_child_remember(slug, child)
        # As Wagtail does: the routed parent is the page's parent, read no second time.
        child._cached_parent_obj = self
        return child.route(request, remaining)

    def _child_by_slug(self, slug: str) -> Page:
        # Every page type allowed under this one that extends Page directly is joined into the
        # child lookup, so the child arrives as its specific class.
        joins = {
            model: model._meta.model_name
            for model in self.specific_class.allowed_subpage_models()
            if model._meta.get_parent_list() == [Page]
        }
        child = self.get_children().filter(slug=slug).select_related(*joins.values()).first()
        if child is None:
            raise Http404
        model = child.specific_class
        return getattr(child, joins[model]) if model in joins else child.specific

    def _routed_child_cached(self, slug: str) -> Page | None:
        return (cache.get(routed_children_cache_key(self.id)) or {}).get(slug)

    def _routed_child_remember(self, slug: str, child: Page) -> None:
        key = routed_children_cache_key(self.id)
        children = cache.get(key) or {}
        children[slug] = child
        cache.set(key, children, ROUTED_CACHE_SECONDS)

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors, as Wagtail's, in one query.

        Routing hands each page its parent (`_cached_parent_obj`) up to the site's root page, so
        the ancestors' ids are known; only the tree root above them is matched by its path. An
        alias anywhere in the chain takes its source's restrictions: Wagtail's method handles it.
        """
        chain = [self]
        while getattr(chain[-1], "_cached_parent_obj", None) is not None:
            chain.append(chain[-1]._cached_parent_obj)
        top = chain[-1]
        if top.depth != 2 or any(page.alias_of_id for page in chain):
            return super().get_view_restrictions()
        # Restrictions on the tree root (depth 1) apply to every page below it.
        return PageViewRestriction.objects.filter(
            Q(page_id__in=[page.id for page in chain]) | Q(page__path=top.path[: Page.steplen])
        )
