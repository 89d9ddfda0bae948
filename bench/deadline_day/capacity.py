"""One page, as fast as 4 clients can ask for it: run by run.py for the bare-view ratio.

Environment: BENCH_PATH, BENCH_NAME, BENCH_COOKIE (a staff session id, for staff pages),
BENCH_SAMPLES (where to write [elapsed ms, status, time] per request).
"""

import json
import os
import time

from locust import FastHttpUser, constant, events, task

PATH = os.environ["BENCH_PATH"]
NAME = os.environ["BENCH_NAME"]
SAMPLES: list = []


@events.request.add_listener
def _record(response_time, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    SAMPLES.append((round(response_time, 2), status if exception is None else 0, time.time()))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    with open(os.environ["BENCH_SAMPLES"], "w", encoding="utf-8") as handle:
        json.dump(SAMPLES, handle)


class Client(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        self.client.get(
            PATH, name=NAME, headers={"Cookie": f"sessionid={os.environ['BENCH_COOKIE']}"}
        )
