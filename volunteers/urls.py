"""Custody visiting and appropriate adults; each part keeps its own route list."""

from .urls_callouts import urlpatterns as callout_urls
from .urls_home import urlpatterns as home_urls
from .urls_planning import urlpatterns as planning_urls
from .urls_statistics import urlpatterns as statistics_urls
from .urls_visits import urlpatterns as visit_urls
from .urls_volunteers import urlpatterns as volunteer_urls

app_name = "volunteers"

urlpatterns = [*home_urls, *volunteer_urls, *visit_urls, *callout_urls, *planning_urls, *statistics_urls]
