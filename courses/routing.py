"""Page routing and privacy checks in fewer queries than Wagtail's defaults.

Wagtail routes each level of a URL with two queries (the child page, then its specific row) and
checks view restrictions with a query for the ancestors before the one for the restrictions. A
lesson sits three levels under the site root, so these are most of what a lesson view costs: see
bench/README.md. The results are the same pages and the same restrictions.
"""

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction


class OneQueryRoutingMixin:
    """Route to a child in one query and check view restrictions without reading ancestors."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # Every page type allowed under this one that extends Page directly is joined into the
        # child lookup, so the child arrives as its specific class.
        joins = {
            model: model._meta.model_name
            for model in self.specific_class.allowed_subpage_models()
            if model._meta.get_parent_list() == [Page]
        }
        child = (
            self.get_children()
            .filter(slug=path_components[0])
            .select_related(*joins.values())
            .first()
        )
        if child is None:
            raise Http404
        model = child.specific_class
        child = getattr(child, joins[model]) if model in joins else child.specific
        # As Wagtail does: the routed parent is the page's parent, read no second time.
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

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
