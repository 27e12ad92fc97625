"""Correspondence and engagement; each part keeps its own route list."""

from .urls_awards import urlpatterns as award_urls
from .urls_calls import urlpatterns as call_urls
from .urls_casework import urlpatterns as casework_urls
from .urls_events import urlpatterns as event_urls
from .urls_home import urlpatterns as home_urls
from .urls_subject_access import urlpatterns as subject_access_urls
from .urls_youth import urlpatterns as youth_urls

app_name = "engagement"

urlpatterns = [*home_urls, *casework_urls, *call_urls, *event_urls, *award_urls, *youth_urls]
urlpatterns += subject_access_urls
