"""The argument spec shared by the controller-side Windows modules (documented in doc_fragments/winrm.py)."""

from __future__ import annotations

WINRM_ARGS = {
    "host": {"type": "str", "required": True},
    "name": {"type": "str", "default": ""},
    "port": {"type": "int", "default": 0},
    "scheme": {"type": "str", "choices": ["http", "https"], "default": "http"},
    "transport": {"type": "str", "choices": ["ntlm", "kerberos", "credssp", "basic"], "default": "ntlm"},
    "credential": {"type": "str", "default": ""},
    "user": {"type": "str", "default": ""},
    "password": {"type": "str", "default": "", "no_log": True},
    "cert_validation": {"type": "str", "choices": ["validate", "ignore"], "default": "validate"},
    "insecure": {"type": "bool", "default": False},
    "connect_timeout": {"type": "float", "default": 10.0},
    "operation_timeout": {"type": "int", "default": 20},
    "host_timeout": {"type": "float", "default": 300.0},
}


def import_error_message(module_name, exc):
    """What to do when qpfleet is not importable by the Python that runs the module."""
    return (f"{module_name}: the qpfleet package is not importable by this Python ({exc}); run "
            "'pip install -e .' in the qpfleet checkout for the Python that runs Ansible, or set "
            "ansible_python_interpreter to it")
