"""A call's payment schedule: what its agreements pay, and when."""

import pytest
from django.core.exceptions import ValidationError

from programs.models import DEFAULT_PAYMENT_SCHEDULE, PaymentScheduleValidator

validate = PaymentScheduleValidator()


def test_the_default_is_an_advance_a_second_instalment_and_a_holdback():
    validate(DEFAULT_PAYMENT_SCHEDULE)
    assert [part["percent"] for part in DEFAULT_PAYMENT_SCHEDULE] == [70, 20, 10]


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ([], "Give at least one instalment."),
        (
            [{"condition": "on_signature", "percent": 60}, {"condition": "x", "percent": 40}],
            "Unknown instalment condition: x.",
        ),
        (
            [{"condition": "on_signature", "percent": 99.5}],
            "Each instalment is a whole percentage between 1 and 100.",
        ),
        (
            [
                {"condition": "final_report_accepted", "percent": 20},
                {"condition": "on_signature", "percent": 80},
            ],
            "Each condition comes once, in order: signature, interim report, final report.",
        ),
        (
            [
                {"condition": "on_signature", "percent": 50},
                {"condition": "on_signature", "percent": 50},
            ],
            "Each condition comes once, in order: signature, interim report, final report.",
        ),
        (
            [
                {"condition": "on_signature", "percent": 70},
                {"condition": "final_report_accepted", "percent": 20},
            ],
            "The instalments add up to 90%, not 100%.",
        ),
    ],
)
def test_a_schedule_that_cannot_pay_the_amount_is_refused_with_the_reason(schedule, message):
    with pytest.raises(ValidationError) as error:
        validate(schedule)
    assert error.value.messages == [message]
