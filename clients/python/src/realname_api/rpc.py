"""The google.rpc messages of the richer error model: `rpc.Status`, `rpc.BadRequest`, ..."""

from realname_api._gen.google.rpc.error_details_pb2 import *  # noqa: F401,F403
from realname_api._gen.google.rpc.status_pb2 import Status  # noqa: F401
