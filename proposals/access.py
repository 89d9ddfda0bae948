"""The gates of the applicant's pages: signed-in people only, and a proposal only through the
selector scoped to the person (404 for any other). An autosave from an expired session keeps
what was typed, to be restored after signing in again."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render

from core.htmx import is_autosave

from . import selectors

STASH = "proposal_stash"  # session key: what was typed when the session ended
STASH_LIMIT = 200_000  # characters; a larger stash is dropped rather than bloating the session


class PartnerMixin(LoginRequiredMixin):
    """Signed-in people only; an autosave from an expired session keeps the text on screen."""

    def handle_no_permission(self):
        request = self.request
        if request.method == "POST" and not request.user.is_authenticated:
            data = {
                key: values for key, values in request.POST.lists() if key != "csrfmiddlewaretoken"
            }
            if sum(len(value) for values in data.values() for value in values) < STASH_LIMIT:
                request.session[STASH] = {"path": request.path, "data": data}
            if is_autosave(request):
                return render(request, "proposals/partials/_session_expired.html", status=401)
        return super().handle_no_permission()


class ProposalMixin(PartnerMixin):
    parts = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.proposal = selectors.proposal_get_for(request.user, kwargs["pk"], parts=self.parts)
        return super().dispatch(request, *args, **kwargs)
