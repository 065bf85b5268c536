// The peers measured beside us, per kind of source.

import type { SourceKind } from "../sources.ts";
import type { Peer } from "./alert.ts";
import { CROWDSEC_SSH_BF, CROWDSEC_SSH_SLOW_BF } from "./crowdsec-ssh.ts";
import { FAIL2BAN_SSHD } from "./fail2ban-sshd.ts";
import { SIGMA_WINDOWS } from "./sigma-windows.ts";
import { WAZUH_5712 } from "./wazuh-sshd.ts";
import { WAZUH_WINDOWS } from "./wazuh-windows.ts";

export const PEERS: Record<SourceKind, Peer[]> = {
  linux: [FAIL2BAN_SSHD, CROWDSEC_SSH_BF, CROWDSEC_SSH_SLOW_BF, WAZUH_5712],
  windows: [WAZUH_WINDOWS, SIGMA_WINDOWS],
};
