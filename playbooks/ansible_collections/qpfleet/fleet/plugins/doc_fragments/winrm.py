"""Options every controller-side Windows module of qpfleet.fleet shares: where the terminal is and how to log on."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  host:
    description: Address of the terminal (C(ansible_host) from the registry).
    type: str
    required: true
  name:
    description: The terminal's name in reports (C(inventory_hostname)).
    type: str
    default: ""
  port:
    description: WinRM port; 0 means 5985 for http, 5986 for https.
    type: int
    default: 0
  scheme:
    description: C(http) (messages sealed by NTLM/Kerberos/CredSSP) or C(https) (certificate validated).
    type: str
    choices: [http, https]
    default: http
  transport:
    description: Authentication. C(basic) over http needs I(insecure=true).
    type: str
    choices: [ntlm, kerberos, credssp, basic]
    default: ntlm
  credential:
    description:
      - The registry's credential name; when I(user)/I(password) are empty the account comes from
        C($QPFLEET_CRED_<NAME>_USER)/C(_PASSWORD), then C($QPFLEET_WINRM_USER)/C($QPFLEET_WINRM_PASSWORD).
    type: str
    default: ""
  user:
    description: Account on the terminal (C(DOMAIN\\user) or C(user@domain)).
    type: str
    default: ""
  password:
    description: Its password (never logged).
    type: str
    default: ""
  cert_validation:
    description: HTTPS certificate check; C(ignore) needs I(insecure=true).
    type: str
    choices: [validate, ignore]
    default: validate
  insecure:
    description: Allow clear text (basic over http, no message encryption) or unchecked certificates.
    type: bool
    default: false
  connect_timeout:
    description: Seconds to open the TCP connection.
    type: float
    default: 10
  operation_timeout:
    description: Seconds per WS-Management operation (the read timeout is 10 s longer).
    type: int
    default: 20
  host_timeout:
    description: Seconds for the whole terminal.
    type: float
    default: 300
requirements:
  - the qpfleet Python package (with pywinrm) in the Python that runs Ansible; the module runs on the
    controller (connection local) and only cmd.exe and cscript run on the terminal
"""
