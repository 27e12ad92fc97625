from .urls_panels import urlpatterns as panel_urls
from .urls_registers import urlpatterns as register_urls

urlpatterns = [*panel_urls, *register_urls]
