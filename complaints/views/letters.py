"""Write one of the review's letters: a PDF kept on the case as a document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from complaints.letters import letters_for
from complaints.models import Review
from opcc.core.documents.letters import letter_generate
from opcc.core.permissions import require_perm


class ReviewLetterView(View):
    """POST only (a button on the case page). Permission first: a user outside the module gets 403
    whatever the method; a module user's GET gets 405."""

    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        require_perm(request.user, "core.access_complaints", action="write review letters")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk: int, key: str):
        review = get_object_or_404(Review, pk=pk)
        offered = dict(letters_for(review))
        if key not in offered:
            raise Http404("That letter is not offered for this review now.")
        try:
            document = letter_generate(key=key, owner=review, by=request.user)
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{offered[key]} letter written: {document.original_name}.")
        return HttpResponseRedirect(f"{review.get_absolute_url()}#documents")
