"""Pages of 100 rows (`?page_size=` up to 1,000), with the count and the next page's address."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class RowsPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        """The page's slice of `queryset`, not read yet: a view may read it as plain rows
        (`compliance.listing.assignment_rows`) rather than as model instances."""
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise NotFound(
                _("There is no page %(page)s: the pages run from 1 to %(last)d.")
                % {"page": str(page_number)[:20], "last": paginator.num_pages}
            ) from None
        self.request = request
        return self.page.object_list
