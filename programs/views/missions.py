"""Missions (administrators): the list and the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from core.forms import add_service_errors

from ..access import AdministratorPageMixin
from ..forms_manage import MissionForm
from ..selectors import mission_get_for, mission_list_with_counts
from ..services import mission_save
from ._common import render_simple_form


class MissionListView(AdministratorPageMixin, ListView):
    template_name = "programs/manage/mission_list.html"
    context_object_name = "missions"
    paginate_by = 25

    def get_queryset(self):
        return mission_list_with_counts()


class MissionFormView(AdministratorPageMixin, View):
    def get_mission(self, pk):
        return mission_get_for(self.request.user, pk) if pk else None

    def render_form(self, request, form, mission, status=200):
        title = _("Edit the mission") if mission else _("New mission")
        cancel_url = reverse("programs:manage-mission-list")
        return render_simple_form(request, form, title=title, cancel_url=cancel_url, status=status)

    def get(self, request, pk=None):
        mission = self.get_mission(pk)
        return self.render_form(request, MissionForm(instance=mission), mission)

    def post(self, request, pk=None):
        mission = self.get_mission(pk)
        form = MissionForm(request.POST, instance=mission)
        if form.is_valid():
            try:
                mission_save(actor=request.user, mission=mission, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The mission was saved."))
                return redirect("programs:manage-mission-list")
        return self.render_form(request, form, mission, status=400)
