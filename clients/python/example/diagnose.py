"""Diagnoses one failed verification, records it as a case and reads the case back.

    /usr/bin/python3 example/diagnose.py [target]      (default 127.0.0.1:5001)

Set REALNAME_API_KEY to send an API key.
"""

import os
import sys
import uuid

from realname_api import RealNameClient, RealNameError, pb

target = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:5001"
with RealNameClient(target, api_key=os.environ.get("REALNAME_API_KEY")) as client:
    case_ref = f"example-{uuid.uuid4()}"
    diagnosis = client.diagnose(
        platform="dayu", message="人脸与公安网照片不一致,请确保是账户本人操作", locale="en", case_ref=case_ref).diagnosis
    print(f"{diagnosis.title} ({pb.Category.Name(diagnosis.category)}, {pb.Outcome.Name(diagnosis.outcome)})")
    for number, step in enumerate(diagnosis.steps, 1):
        print(f"  {number}. {step.text}")

    status = client.get_verification_status(case_ref=case_ref).status
    print(f"case {status.case_id[:12]}…: {pb.VerificationState.Name(status.state)}")

    try:
        client.diagnose(platform="no-such-platform", message="x", locale="en")
    except RealNameError as error:
        print(f"{error.code_name}: {error.localized_message.message}",
              [f"{v.field} {v.description}" for v in error.field_violations])
