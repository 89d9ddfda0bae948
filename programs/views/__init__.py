"""The index of the programs pages: one module per subject, re-exported here so
`programs/urls.py` writes `from . import views` and `views.CallPublicListView` whichever
module holds the view.

- `public`: the public pages of calls (the list of open and upcoming calls, a call's page);
- `calls`: the management of calls (list, create, edit, the call's page and its history,
  publish, archive, extend the deadline, close early);
- `missions`: the missions (administrators);
- `catalogue`: the global catalogues, priority areas and sub-themes (administrators);
- `staff`: staff roles and invitations, and the page an invitation e-mail links to;
- `_common`: what several of them share (the page of a simple form).

The gates of the pages live in `programs.access`, the reads in `programs.selectors` and the
writes in `programs.services`.
"""

from ._common import render_simple_form
from .calls import (
    CALL_EVENT_LABELS,
    CallFormMixin,
    CallManageActionView,
    CallManageArchiveView,
    CallManageCloseView,
    CallManageCreateView,
    CallManageDetailView,
    CallManageExtendView,
    CallManageListView,
    CallManagePublishView,
    CallManageReasonView,
    CallManageUpdateView,
)
from .catalogue import (
    CatalogueActionView,
    CatalogueFormView,
    CatalogueListView,
    CatalogueMixin,
    PriorityAreaActionView,
    PriorityAreaFormView,
    PriorityAreaListView,
    PriorityAreaPages,
    SubThemeActionView,
    SubThemeFormView,
    SubThemeListView,
    SubThemePages,
)
from .missions import MissionFormView, MissionListView
from .public import CallPublicDetailView, CallPublicListView
from .staff import InvitationAcceptView, InvitationResendView, StaffListView, StaffRevokeView

__all__ = [
    "CALL_EVENT_LABELS",
    "CallFormMixin",
    "CallManageActionView",
    "CallManageArchiveView",
    "CallManageCloseView",
    "CallManageCreateView",
    "CallManageDetailView",
    "CallManageExtendView",
    "CallManageListView",
    "CallManagePublishView",
    "CallManageReasonView",
    "CallManageUpdateView",
    "CallPublicDetailView",
    "CallPublicListView",
    "CatalogueActionView",
    "CatalogueFormView",
    "CatalogueListView",
    "CatalogueMixin",
    "InvitationAcceptView",
    "InvitationResendView",
    "MissionFormView",
    "MissionListView",
    "PriorityAreaActionView",
    "PriorityAreaFormView",
    "PriorityAreaListView",
    "PriorityAreaPages",
    "StaffListView",
    "StaffRevokeView",
    "SubThemeActionView",
    "SubThemeFormView",
    "SubThemeListView",
    "SubThemePages",
    "render_simple_form",
]
