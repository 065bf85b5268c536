/**
 * Log lines of the organisation simulator: one builder per kind of record, in
 * the wording real sources use (sshd, PAM, sudo, an OpenVPN portal, Windows
 * security events 4624/4634/4728/7045, file and flow audits). A draft is a
 * record without its id, with its time still in epoch seconds.
 */
import type { Rng } from "../../trainer/util/rng.ts";
import type { ThreatType } from "../../trainer/verdict/types.ts";
import { pid, port, server } from "./org-profiles.ts";

export type OrgEventType =
  | "login"
  | "logout"
  | "sudo"
  | "group_change"
  | "file_access"
  | "network_connection"
  | "process_start"
  | "service_install"
  | "account_change";

/** Why a benign record is noteworthy; kept beside the logs (never in them) to explain false positives. */
export type BenignTag =
  | "mistyped_password"
  | "forgotten_password"
  | "helpdesk_reset"
  | "vpn_session"
  | "travel_ip"
  | "new_hire"
  | "weekend_work"
  | "on_call_night"
  | "internet_noise"
  | "backup"
  | "etl_export"
  | "deploy"
  | "deploy_service_install"
  | "vuln_scan"
  | "video_call"
  | "media_upload"
  | "admin_group_grant"
  | "agent_install";

export interface Draft {
  t: number;
  user: string;
  source_ip: string;
  host: string;
  event_type: OrgEventType;
  action: "success" | "failure";
  message: string;
  bytes?: number;
  path?: string;
  /** Set on attack records only. */
  campaign?: string;
  threat?: ThreatType;
  tag?: BenignTag;
}

type Extra = Partial<Pick<Draft, "bytes" | "path" | "tag">>;

export const draft = (
  t: number,
  user: string,
  source_ip: string,
  host: string,
  event_type: OrgEventType,
  action: Draft["action"],
  message: string,
  extra: Extra = {},
): Draft => ({ t, user, source_ip, host, event_type, action, message, ...extra });

// --- logons -----------------------------------------------------------------

/** sshd; `invalid` for user names that do not exist on the host. */
export function sshLogin(rng: Rng, user: string, ip: string, host: string, t: number, ok: boolean, opts: { method?: "password" | "publickey"; invalid?: boolean } = {}): Draft {
  const method = opts.method ?? "password";
  const who = opts.invalid ? `invalid user ${user}` : user;
  const message = ok
    ? `Accepted ${method} for ${user} from ${ip} port ${port(rng)} ssh2`
    : `Failed ${method} for ${who} from ${ip} port ${port(rng)} ssh2`;
  return draft(t, user, ip, host, "login", ok ? "success" : "failure", message);
}

/** Windows 4624/4625; logon type 3 = network, 10 = remote interactive (RDP). */
export function windowsLogon(user: string, ip: string, host: string, t: number, ok: boolean, logonType: 3 | 10): Draft {
  const typeName = logonType === 3 ? "Network" : "RemoteInteractive";
  const message = ok
    ? `An account was successfully logged on. Logon Type: ${logonType} (${typeName}) Account Name: ${user} Workstation: ${host} Source Network Address: ${ip}`
    : `An account failed to log on. Logon Type: ${logonType} (${typeName}) Account Name: ${user} Failure Reason: unknown user name or bad password Source Network Address: ${ip}`;
  return draft(t, user, ip, host, "login", ok ? "success" : "failure", message);
}

/** A logon to a server from elsewhere, worded for the server's OS. */
export function remoteLogon(rng: Rng, user: string, ip: string, host: string, t: number, ok = true, method: "password" | "publickey" = "password"): Draft {
  return server(host).os === "windows" ? windowsLogon(user, ip, host, t, ok, 10) : sshLogin(rng, user, ip, host, t, ok, { method });
}

export function remoteLogoff(user: string, ip: string, host: string, t: number): Draft {
  return server(host).os === "windows"
    ? draft(t, user, ip, host, "logout", "success", `An account was logged off. Account Name: ${user} Logon Type: 10`)
    : draft(t, user, ip, host, "logout", "success", `pam_unix(sshd:session): session closed for user ${user}`);
}

/** Unlocking one's own workstation at the console (GDM + PAM). */
export function consoleLogin(user: string, ip: string, ws: string, t: number, ok: boolean): Draft {
  const message = ok
    ? `gdm-password: pam_unix(gdm-password:session): session opened for user ${user} by (uid=0)`
    : `gdm-password: pam_unix(gdm-password:auth): authentication failure; logname= tty=/dev/tty1 ruser= rhost= user=${user}`;
  return draft(t, user, ip, ws, "login", ok ? "success" : "failure", message);
}

export function consoleLogout(user: string, ip: string, ws: string, t: number): Draft {
  return draft(t, user, ip, ws, "logout", "success", `gdm-password: pam_unix(gdm-password:session): session closed for user ${user}`);
}

/** The VPN portal (vpn-gw-01) sees the client's public address. */
export function vpnLogin(user: string, publicIp: string, t: number, ok: boolean, assigned?: string, unknownUser = false): Draft {
  const message = ok
    ? `openvpn-portal: authentication succeeded for user ${user} from ${publicIp}, assigned ${assigned ?? "10.99.0.2"}`
    : `openvpn-portal: authentication failed for user ${user} from ${publicIp}${unknownUser ? " (unknown user)" : " (bad password)"}`;
  return draft(t, user, publicIp, "vpn-gw-01", "login", ok ? "success" : "failure", message);
}

// --- privilege --------------------------------------------------------------

export function sudo(user: string, ip: string, host: string, t: number, tty: string, command: string, ok = true): Draft {
  const message = ok
    ? `${user} : TTY=${tty} ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`
    : `${user} : user NOT in sudoers ; TTY=${tty} ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`;
  return draft(t, user, ip, host, "sudo", ok ? "success" : "failure", message);
}

export function suRoot(user: string, uid: number, ip: string, host: string, t: number, tty: string): Draft {
  return draft(t, user, ip, host, "sudo", "success", `su: pam_unix(su-l:session): session opened for user root(uid=0) by ${user}(uid=${uid}) on ${tty}`);
}

/** Linux usermod, or the Windows 4728/4732 wording on a domain controller. */
export function groupChange(actor: string, ip: string, host: string, t: number, member: string, group: string, extra: Extra = {}): Draft {
  const message = server(host).os === "windows"
    ? `A member was added to a security-enabled global group. Subject: ${actor} Member: ${member} Group: ${group}`
    : `usermod[${(t % 50000) + 1000}]: add '${member}' to group '${group}' by ${actor}`;
  return draft(t, actor, ip, host, "group_change", "success", message, extra);
}

export function accountChange(actor: string, ip: string, host: string, t: number, message: string, extra: Extra = {}): Draft {
  return draft(t, actor, ip, host, "account_change", "success", message, extra);
}

// --- activity ---------------------------------------------------------------

export function fileAccess(user: string, ip: string, host: string, t: number, verb: "read" | "wrote", path: string, bytes: number, extra: Extra = {}): Draft {
  return draft(t, user, ip, host, "file_access", "success", `${user} ${verb} ${path} (${bytes} bytes)`, { bytes, path, ...extra });
}

export function connection(user: string, ip: string, host: string, t: number, destination: string, bytes: number, extra: Extra = {}): Draft {
  return draft(t, user, ip, host, "network_connection", "success", `connection to ${destination} closed, ${bytes} bytes transferred`, { bytes, ...extra });
}

export function processStart(rng: Rng, user: string, ip: string, host: string, t: number, command: string, extra: Extra = {}): Draft {
  return draft(t, user, ip, host, "process_start", "success", `${user} started ${command} (pid ${pid(rng)})`, extra);
}

export function serviceInstall(user: string, ip: string, host: string, t: number, name: string, file: string, extra: Extra = {}): Draft {
  const message = server(host).os === "windows"
    ? `A service was installed in the system. Service Name: ${name} Service File Name: ${file} Service Type: user mode service Start Type: demand start Account Name: ${user}`
    : `systemd[1]: new service installed: ${name}.service (ExecStart=${file}) by ${user} via systemctl enable`;
  return draft(t, user, ip, host, "service_install", "success", message, extra);
}
