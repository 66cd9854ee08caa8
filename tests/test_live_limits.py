"""The pieces behind live mode's honesty: answer checks, the deadline, the progress line.

The fault-injection suite (test_live_faults.py) drives them end to end
through a real proxy; these tests pin each piece's exact behaviour.
"""

from __future__ import annotations

import io
import threading
import time
from concurrent.futures import Future
from typing import Any

import pytest
from typer.testing import CliRunner

from gwlint.aws.answers import UnreadableAnswer, preview, require_fields
from gwlint.aws.answers import _problem as problem
from gwlint.aws.deadline import Deadline, DeadlineExceeded
from gwlint.aws.progress import Progress, line
from gwlint.cli import app
from gwlint.facts import Unavailable
from tests.live_support import AGENTCORE, Blackhole, inject_error, make_facts

pytest_plugins = ("tests.live_support",)  # aws_env, moto_aws

runner = CliRunner()


# -- answers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("protocol", "status", "body", "operation", "expected"),
    [
        ("rest-json", 200, b'{"gatewayId": "g"}', "GetGateway", None),
        ("rest-json", 200, b"", "GetGateway", None),  # judged after parsing
        ("rest-json", 200, b"<html>portal</html>", "GetGateway", "not JSON"),
        ("rest-json", 200, b'{"gatewayId": "g"', "GetGateway", "not JSON"),
        ("json", 200, b"[1, 2]", "DescribeUserPool", "JSON, but not an object"),
        ("json", 200, b"\xff\xfe\x00garbage", "DescribeUserPool", "not UTF-8 text"),
        ("json", 500, b'{"__type": "InternalError"}', "DescribeUserPool", None),
        ("query", 200, b"<GetRoleResponse><GetRoleResult/></GetRoleResponse>", "GetRole", None),
        (
            "query",
            200,
            b"<html><body>Sign in</body></html>",
            "GetRole",
            "XML <html>, not <GetRoleResponse>",
        ),
        ("query", 200, b"<!DOCTYPE html><html><input></html>", "GetRole", "not XML"),
        ("query", 200, b'{"Role": {}}', "GetRole", "not XML"),
        ("query", 403, b"<ErrorResponse><Error/></ErrorResponse>", "GetRole", None),
        ("query", 500, b"<Fault>down</Fault>", "GetRole", "XML <Fault>, not <Error>"),
    ],
)
def test_a_body_the_protocol_cannot_hold_is_named(
    protocol: str, status: int, body: bytes, operation: str, expected: str | None
) -> None:
    assert problem(protocol, status, body, operation) == expected


def test_preview_is_short_printable_and_withheld_for_secret_bearing_calls() -> None:
    assert preview(b"<html>\x1b[31m\n", "GetRole") == "starts '<html>.[31m.'"
    assert preview(b"x" * 41, "GetRole") == f"starts '{'x' * 40}'…"
    # random bytes holding a quote or a backslash are quoted the same way as any other
    assert preview(b"a'b\\c\"d", "GetRole") == "starts 'a.b.c\"d'"
    assert preview(b"", "GetRole") == "empty body"
    for operation in ("DescribeUserPoolClient", "GetFunctionConfiguration"):
        assert preview(b"ClientSecret=abc", operation) == (
            "body not shown: this call's answer can hold secrets"
        )


def test_an_answer_without_any_of_the_operations_fields_is_refused(moto_aws: None) -> None:
    facts = make_facts()
    control, lam = facts.client(AGENTCORE), facts.client("lambda")
    with pytest.raises(UnreadableAnswer) as caught:
        require_fields(control, AGENTCORE, "GetGateway", {"message": "<html>"})
    assert str(caught.value) == (
        "bedrock-agentcore:GetGateway got an answer that is not the API's: HTTP ? with none of "
        "the fields GetGateway returns (gatewayArn, gatewayId, createdAt…)"
    )
    assert caught.value.action == "bedrock-agentcore:GetGateway"
    with pytest.raises(UnreadableAnswer, match="none of the fields GetFunctionConfiguration"):
        require_fields(lam, "lambda", "GetFunctionConfiguration", {})  # no required members
    require_fields(lam, "lambda", "GetFunctionConfiguration", {"FunctionName": "f"})
    require_fields(lam, "lambda", "ListFunctions", {})  # a list may leave out an empty list


def test_an_unparsable_answer_is_unavailable_not_a_crash(moto_aws: None) -> None:
    """botocore's own parse failures (here a query answer without its result) are mapped too."""
    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, **_: Any) -> Any:
            yield b"<GetRoleResponse><Nothing/></GetRoleResponse>"

    def answer(request: Any, **_: Any) -> Any:
        return AWSResponse(request.url, 200, {"Content-Type": "text/xml"}, Raw())

    facts = make_facts(hooks=[("before-send", answer)], max_attempts=1)
    with pytest.raises(Unavailable) as caught:
        facts.call("iam", "get_role", RoleName="r")
    assert str(caught.value) == (
        "iam:GetRole got an answer botocore could not parse (KeyError: 'GetRoleResult')"
    )


def test_a_parse_failure_of_a_secret_bearing_answer_quotes_nothing(moto_aws: None) -> None:
    def broken(**_: Any) -> None:
        raise KeyError("ClientSecret=s3cr3t-value")

    facts = make_facts(hooks=[("before-parse", broken)], max_attempts=1)
    with pytest.raises(Unavailable) as caught:
        facts.call("cognito-idp", "describe_user_pool_client", UserPoolId="p", ClientId="c")
    assert str(caught.value) == (
        "cognito-idp:DescribeUserPoolClient got an answer botocore could not parse (KeyError)"
    )


# -- the deadline -------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_deadline_counts_down_and_names_the_call() -> None:
    clock = Clock()
    deadline = Deadline(10, clock=clock)
    assert (deadline.remaining(), deadline.elapsed()) == (10, 0)
    clock.now += 4
    assert (deadline.remaining(), deadline.elapsed()) == (6, 4)
    clock.now += 20
    assert deadline.remaining() == 0
    exc = deadline.exceeded("iam:GetRole")
    assert isinstance(exc, DeadlineExceeded) and isinstance(exc, Unavailable)
    assert str(exc) == (
        "iam:GetRole: no answer within the live run's time limit (--timeout 10 s); the "
        "network or endpoint did not respond"
    )


@pytest.mark.parametrize("seconds", [0, -1, float("nan"), float("inf")])
def test_deadline_needs_a_positive_finite_time(seconds: float) -> None:
    with pytest.raises(ValueError, match="positive number of seconds"):
        Deadline(seconds)


def test_socket_timeouts_fit_the_budget() -> None:
    assert Deadline(60).socket_timeouts(5, 20) == (5, 20)
    assert Deadline(6).socket_timeouts(5, 20) == (2, 2)
    assert Deadline(0.3).socket_timeouts(5, 20) == (0.5, 0.5)


def test_a_waiter_gives_up_at_the_deadline_while_the_call_runs_on() -> None:
    deadline = Deadline(0.3)
    release = threading.Event()
    future: Future[str] = Future()
    deadline.run(lambda: release.wait(5) and "late", future)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match=r"^x:Op: no answer"):
        deadline.wait(future, "x:Op")
    assert time.monotonic() - started < 1.0
    release.set()
    assert future.result(timeout=2) == "late"  # the daemon thread settles it later


def test_a_blackholed_endpoint_costs_the_timeout_not_the_retries(aws_env: None) -> None:
    with Blackhole() as hole:
        facts = make_facts(endpoint_url=hole.url, max_attempts=5, read_timeout=20, timeout=1.0)
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded) as caught:
            facts.call(AGENTCORE, "get_gateway", gatewayIdentifier="slow-abcdefghij")
        seconds = time.monotonic() - started
        assert seconds < 1.5, seconds
        assert caught.value.action == "bedrock-agentcore:GetGateway"
        assert facts.failures and str(facts.failures[0]) == str(caught.value)
        with pytest.raises(DeadlineExceeded):  # after the deadline: refused at once, unsent
            facts.call(AGENTCORE, "get_gateway", gatewayIdentifier="other-abcdefghij")
        assert time.monotonic() - started < 1.6


def test_answers_in_before_the_deadline_still_count_after_it(moto_aws: None) -> None:
    clock = Clock()
    facts = make_facts(timeout=60)
    facts.deadline = Deadline(60, clock=clock)
    assert facts.call("sts", "get_caller_identity")["Account"] == "123456789012"
    clock.now += 61
    assert facts.call("sts", "get_caller_identity")["Account"] == "123456789012"  # cached
    with pytest.raises(DeadlineExceeded, match=r"^bedrock-agentcore:ListGateways: no answer"):
        facts.paginate(AGENTCORE, "list_gateways", "items")  # would need a new request
    assert facts.total_requests == 1


def test_failures_met_only_by_the_warm_up_are_not_counted(moto_aws: None) -> None:
    facts = make_facts(hooks=[inject_error("InternalFailure", status=500)], max_attempts=1)
    read = (AGENTCORE, "get_gateway", {"gatewayIdentifier": "gw-abcdefghij"})
    [stored] = facts.prefetch([read, read])[:1]
    assert isinstance(stored, Unavailable)
    assert facts.failures == []  # nobody needed it yet
    with pytest.raises(Unavailable):
        facts.call(AGENTCORE, "get_gateway", gatewayIdentifier="gw-abcdefghij")
    assert len(facts.failures) == 1  # a rule asked and did not get it


# -- progress -----------------------------------------------------------------------------
class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Busy:
    total_requests = 7

    def __init__(self) -> None:
        self.clock = Clock()
        self.deadline = Deadline(60, clock=self.clock)

    def waiting_on(self) -> list[str]:
        return ["iam:GetRole", "lambda:GetFunctionConfiguration", "sts:GetCallerIdentity"]


def test_progress_line_names_requests_waits_and_budget() -> None:
    busy = Busy()
    busy.clock.now += 12.4
    assert line(busy) == (
        "gwlint: reading AWS, 7 requests sent, waiting on iam:GetRole and 2 more (12 s of 60 s)"
    )


def test_progress_is_drawn_on_a_terminal_and_erased() -> None:
    stream = Tty()
    progress = Progress(Busy(), stream, interval=0.05)
    deadline = time.monotonic() + 5
    while progress.drawn < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    progress.stop()
    written = stream.getvalue()
    assert written.startswith("\rgwlint: reading AWS, 7 requests sent")
    assert written.endswith("\r" + " " * 100 + "\r")  # the line is erased
    progress.stop()  # idempotent
    assert stream.getvalue() == written


def test_progress_writes_nothing_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(Busy(), stream, interval=0.01)
    time.sleep(0.1)
    progress.stop()
    assert stream.getvalue() == "" and progress.drawn == 0


# -- the options --------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["0", "-1", "inf", "nan", "3601", "soon"])
def test_timeout_out_of_range_is_a_usage_error(value: str) -> None:
    result = runner.invoke(
        app, ["check", "--live", "--gateway", "gw-abcdefghij", "--timeout", value]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.stderr


def test_timeout_needs_live() -> None:
    result = runner.invoke(app, ["check", "--timeout", "5", "gateway-config.json"])
    assert result.exit_code == 2
    assert result.stderr == "gwlint: error: --timeout read(s) the AWS account: add --live\n"


def test_credentials_check_that_never_answers_is_exit_2_by_the_deadline(aws_env: None) -> None:
    with Blackhole() as hole:
        started = time.monotonic()
        result = runner.invoke(
            app,
            ["check", "--live", "--gateway", "gw-abcdefghij", "--timeout", "1"],
            env={"AWS_ENDPOINT_URL": hole.url},
        )
        seconds = time.monotonic() - started
    assert result.exit_code == 2 and seconds < 2.5, (result.stderr, seconds)
    assert result.stderr.splitlines()[0] == (
        "gwlint: error: cannot reach AWS to check the credentials: sts:GetCallerIdentity: no "
        "answer within the live run's time limit (--timeout 1 s); the network or endpoint did "
        "not respond"
    )
