"""The realname.v1 messages and enums in one namespace: `pb.DiagnoseRequest`, `pb.CATEGORY_FACE_MISMATCH`."""

# The generated modules define disjoint names (one proto package), so merging them is safe.
from realname_api._gen.realname.v1.catalog_pb2 import *  # noqa: F401,F403
from realname_api._gen.realname.v1.diagnosis_pb2 import *  # noqa: F401,F403
from realname_api._gen.realname.v1.document_pb2 import *  # noqa: F401,F403
from realname_api._gen.realname.v1.remediation_service_pb2 import *  # noqa: F401,F403
from realname_api._gen.realname.v1.verification_status_service_pb2 import *  # noqa: F401,F403
from realname_api._gen.google.type.date_pb2 import Date  # noqa: F401
