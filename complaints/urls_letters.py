from django.urls import path

from .views.letters import ReviewLetterView

urlpatterns = [
    path("reviews/<int:pk>/letters/<str:key>/", ReviewLetterView.as_view(), name="review_letter"),
]
