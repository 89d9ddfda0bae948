"""The public calls' version (`core.versions`): the public pages of calls keep their rendering
until a call, its priority areas, its mission or a priority area's name changes."""

from core.versions import DataVersion

from .models import Call, CallPriority, Mission, PriorityArea

PUBLIC_CALLS = DataVersion("calls:public-version", (Call, CallPriority, Mission, PriorityArea))
