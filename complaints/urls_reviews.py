from .urls_letters import urlpatterns as letter_urls
from .urls_review_case import urlpatterns as case_urls
from .urls_review_list import urlpatterns as list_urls
from .urls_statistics import urlpatterns as statistics_urls

urlpatterns = [*list_urls, *case_urls, *letter_urls, *statistics_urls]
