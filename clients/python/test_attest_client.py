"""Tests attest_client.py against a running Attest server.

Environment: ATTEST_URL, ATTEST_SERVICE_TOKEN (role service, scoped to ATTEST_SYSTEM), ATTEST_READER_TOKEN (a person's
role, e.g. reviewer), ATTEST_SYSTEM, ATTEST_MODEL_VERSION;
the system has an oversight policy in force whose rules send output "decline" to human review.
Run: python3 -m unittest test_attest_client (tests/Attest.Cli.Tests/Oversight/PythonClientTests.cs starts a server for it).
"""

import datetime
import os
import unittest

from attest_client import AttestClient, AttestError


class AttestClientTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.attest = AttestClient(os.environ["ATTEST_URL"], os.environ["ATTEST_SERVICE_TOKEN"], retries=2, backoff=0.1, batch_size=250)
        cls.system = os.environ["ATTEST_SYSTEM"]
        cls.model = os.environ["ATTEST_MODEL_VERSION"]
        cls.now = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def decision(self, external_id, output="approve", confidence=0.95):
        return {"system": self.system, "model_version": self.model, "external_id": external_id, "occurred_at": self.now,
                "input": {"application": external_id}, "output": output, "confidence": confidence, "attributes": {"age_band": "25-34"}}

    def test_a_decision_is_routed_and_a_resent_one_is_a_duplicate(self):
        first = self.attest.ask(self.decision("py-1", "decline"))
        self.assertTrue(first["id"].startswith("dec_"))
        self.assertEqual(first["route"], "human_review")
        self.assertTrue(first["queue_item"].startswith("rvi_"))
        again = self.attest.log(self.decision("py-1", "decline"))
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["id"], first["id"])

    def test_batches_keep_input_order_and_are_split_by_batch_size(self):
        decisions = [self.decision(f"py-batch-{i}", "decline" if i % 100 == 0 else "approve") for i in range(600)]
        results = self.attest.log_batch(decisions)
        self.assertEqual(len(results), 600)
        self.assertEqual(sum(1 for r in results if r["route"] == "human_review"), 6)
        self.assertEqual(len({r["id"] for r in results}), 600)
        again = self.attest.log_batch(decisions[:10])
        self.assertTrue(all(r["duplicate"] for r in again))

    def test_a_refusal_names_the_field(self):
        with self.assertRaises(AttestError) as caught:
            self.attest.log(self.decision("py-bad", confidence=1.5))
        self.assertEqual(caught.exception.status, 400)
        self.assertIn("confidence", caught.exception.errors)
        with self.assertRaises(AttestError) as conflict:
            self.attest.log(self.decision("py-1", "approve"))
        self.assertEqual(conflict.exception.status, 409)

    def test_an_appeal_opens_a_review_and_the_trace_shows_the_decision(self):
        logged = self.attest.log(self.decision("py-appeal", "approve"))
        self.assertEqual(logged["route"], "auto")
        item = self.attest.appeal(logged["id"], "The applicant says the income figure was wrong.")
        self.assertEqual(item["reasons"], ["appeal"])
        with self.assertRaises(AttestError) as refused:
            self.attest.trace(logged["id"])
        self.assertEqual(refused.exception.status, 403, "a service key logs decisions; people read traces")
        reader = AttestClient(os.environ["ATTEST_URL"], os.environ["ATTEST_READER_TOKEN"])
        trace = reader.trace(logged["id"])
        self.assertEqual(trace["decision"]["id"], logged["id"])
        self.assertIn("proof", trace)

    def test_an_unreachable_server_is_an_error_after_retries(self):
        dead = AttestClient("http://127.0.0.1:9", "atk_x", retries=1, backoff=0.01, timeout=2)
        with self.assertRaises(AttestError) as caught:
            dead.log(self.decision("py-dead"))
        self.assertIsNone(caught.exception.status)


if __name__ == "__main__":
    unittest.main()
