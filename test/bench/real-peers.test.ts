// The rule-based peers of bench:real on hand-made streams: which lines each counts, and the
// exact boundaries of its windows and buckets.

import { describe, expect, it } from "vitest";
import { decisions, type PeerEvent } from "../../bench/real/peers/alert.ts";
import { crowdsecFailedAuth, runLeaky, SSH_BF, SSH_SLOW_BF } from "../../bench/real/peers/crowdsec-ssh.ts";
import { fail2banFailure, roundHalfEven, runJail } from "../../bench/real/peers/fail2ban-sshd.ts";
import { runSigma } from "../../bench/real/peers/sigma-windows.ts";
import { RULE_5712, wazuh5710, WAZUH_5712 } from "../../bench/real/peers/wazuh-sshd.ts";
import { runFrequency } from "../../bench/real/peers/wazuh-frequency.ts";
import { runWazuhWindows } from "../../bench/real/peers/wazuh-windows.ts";

const IP = "203.0.113.7";
const sshd = (tSec: number, message: string, ident = "sshd"): PeerEvent => ({ timeMs: tSec * 1000, record: { ident, message } });
const fail = (tSec: number, ip = IP) => sshd(tSec, `Failed password for root from ${ip} port 22 ssh2`);
const burst = (times: number[], ip = IP) => times.map((t) => fail(t, ip));

describe("fail2ban sshd filter", () => {
  it.each([
    ["Failed password for root from 203.0.113.7 port 22 ssh2", IP],
    ["Failed password for invalid user admin from 203.0.113.7 port 5 ssh2", IP],
    ["Failed none for invalid user  from 203.0.113.7 port 5 ssh2", IP],
    ["Invalid user  from 203.0.113.7 port 5", IP],
    ["Invalid user oracle from 203.0.113.7 port 40022", IP],
    ["error: maximum authentication attempts exceeded for root from 203.0.113.7 port 22 ssh2 [preauth]", IP],
    ["Failed publickey for invalid user git from 203.0.113.7 port 5 ssh2", IP],
    ["User bob from 203.0.113.7 not allowed because not listed in AllowUsers", IP],
    // F-NOFAIL or no failregex at all:
    ["Failed publickey for alice from 203.0.113.7 port 5 ssh2", undefined],
    ["Connection closed by 203.0.113.7 port 5 [preauth]", undefined],
    ["pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root", undefined],
    ["Received disconnect from 203.0.113.7 port 5:11: Bye Bye [preauth]", undefined],
    ["Accepted password for alice from 203.0.113.7 port 5 ssh2", undefined],
    ["pam_unix(sshd:auth): check pass; user unknown", undefined],
  ])("%s -> %s", (message, host) => {
    expect(fail2banFailure("sshd", message)).toBe(host);
  });

  it("reads sshd and sshd-session only", () => {
    expect(fail2banFailure("sshd-session", "Invalid user x from 203.0.113.7 port 1")).toBe(IP);
    expect(fail2banFailure("sudo", "Invalid user x from 203.0.113.7 port 1")).toBeUndefined();
  });
});

describe("fail2ban sshd jail (maxretry 5, findtime 600 s, bantime 600 s)", () => {
  it("bans at the 5th failure within findtime, not at the 4th", () => {
    expect(runJail(burst([0, 1, 2, 3]))).toEqual([]);
    const [ban, ...more] = runJail(burst([0, 1, 2, 3, 4]));
    expect(more).toEqual([]);
    expect(ban).toMatchObject({ trigger: 4, marks: [0, 1, 2, 3, 4], key: IP });
  });

  it("counts per host", () => {
    expect(runJail([...burst([0, 1], IP), ...burst([2, 3, 4], "198.51.100.1")])).toEqual([]);
  });

  it("rescales the count to the rate over findtime once failures span more than it (FailTicket.adjustTime)", () => {
    // 5 failures over exactly 600 s: no rescale, banned at the 5th.
    expect(runJail(burst([0, 150, 300, 450, 600])).map((a) => a.trigger)).toEqual([4]);
    // over 601 s: round(4 / 601 * 600) = 4, + 1 = 5: still banned.
    expect(runJail(burst([0, 150, 300, 450, 601])).map((a) => a.trigger)).toEqual([4]);
    // over 800 s: round(4 / 800 * 600) = 3, + 1 = 4: not banned.
    expect(runJail(burst([0, 200, 400, 600, 800]))).toEqual([]);
  });

  it("drops a host's ticket findtime after its last failure", () => {
    expect(runJail(burst([0, 1, 2, 3, 603]))).toEqual([]);
  });

  it("marks the banned host's failures during bantime and counts afresh after it", () => {
    const alerts = runJail(burst([0, 1, 2, 3, 4, 100, 200, 700, 701, 702, 703, 704]));
    expect(alerts.map((a) => a.trigger)).toEqual([4, 11]);
    expect(alerts[0].marks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(alerts[1].marks).toEqual([7, 8, 9, 10, 11]);
  });

  it("rounds halves to even, as Python's round()", () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3]);
  });
});

describe("CrowdSec sshd-logs parser", () => {
  it.each([
    ["Failed password for root from 203.0.113.7 port 22 ssh2", IP],
    ["Failed password for invalid user admin from 203.0.113.7 port 22 ssh2", IP],
    ["Invalid user  from 203.0.113.7 port 5", IP],
    ["Connection closed by 203.0.113.7 port 5 [preauth]", IP],
    ["Disconnected from invalid user admin 203.0.113.7 port 5 [preauth]", IP],
    ["pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root", IP],
    ["Disconnected from 203.0.113.7 port 5 [preauth]", undefined],
    ["Accepted password for alice from 203.0.113.7 port 5 ssh2", undefined],
    ["Timeout before authentication for 203.0.113.7 port 5", undefined],
  ])("%s -> %s", (message, ip) => {
    expect(crowdsecFailedAuth("sshd", message)).toBe(ip);
  });
});

describe("CrowdSec leaky buckets", () => {
  it("ssh-bf (capacity 5, leak 10 s) overflows on the 6th failure of a burst, not the 5th", () => {
    expect(runLeaky(burst([0, 0, 0, 0, 0]), SSH_BF)).toEqual([]);
    expect(runLeaky(burst([0, 0, 0, 0, 0, 0]), SSH_BF)).toMatchObject([{ trigger: 5, marks: [0, 1, 2, 3, 4, 5] }]);
  });

  it("leaks one event per 10 s", () => {
    // 5 at t=0, then one each 10 s: each finds the token leaked back.
    expect(runLeaky(burst([0, 0, 0, 0, 0, 10, 20, 30]), SSH_BF)).toEqual([]);
    // 9.9 s is not enough for the 6th.
    expect(runLeaky(burst([0, 0, 0, 0, 0, 9.9]), SSH_BF).map((a) => a.trigger)).toEqual([5]);
  });

  it("ssh-slow-bf (capacity 10, leak 60 s) overflows on the 11th failure of a burst", () => {
    expect(runLeaky(burst(Array(10).fill(0)), SSH_SLOW_BF)).toEqual([]);
    expect(runLeaky(burst(Array(11).fill(0)), SSH_SLOW_BF).map((a) => a.trigger)).toEqual([10]);
    // one every 30 s gets half a token back: before the k-th (0-based) 10 - k/2 are left, so
    // k = 19 finds half a token and overflows
    expect(runLeaky(burst(Array.from({ length: 21 }, (_, k) => 30 * k)), SSH_SLOW_BF).map((a) => a.trigger)).toEqual([19]);
  });

  it("holds the IP in the blackhole for a minute after an overflow", () => {
    const times = [0, 0, 0, 0, 0, 0, 30, 30, 30, 30, 30, 30, 61, 61, 61, 61, 61, 61];
    expect(runLeaky(burst(times), SSH_BF).map((a) => a.trigger)).toEqual([5, 17]);
  });
});

describe("Wazuh 5710/5712", () => {
  it.each([
    ["Invalid user admin from 203.0.113.7 port 5", IP],
    ["Failed password for invalid user admin from 203.0.113.7 port 5 ssh2", IP],
    ["Connection closed by invalid user admin 203.0.113.7 port 5 [preauth]", IP],
    ["Failed password for root from 203.0.113.7 port 22 ssh2", undefined],
    ["input_userauth_request: invalid user admin [preauth]", undefined],
  ])("5710 on %s -> %s", (message, ip) => {
    expect(wazuh5710("sshd", message)).toBe(ip);
  });

  const invalid = (times: number[]) => times.map((t) => sshd(t, `Invalid user u${t} from ${IP} port 5`));

  it("fires on the 8th 5710 match within 120 s, not the 7th", () => {
    expect(WAZUH_5712.run(invalid([0, 1, 2, 3, 4, 5, 6]))).toEqual([]);
    expect(WAZUH_5712.run(invalid([0, 1, 2, 3, 4, 5, 6, 7])).map((a) => a.trigger)).toEqual([7]);
    expect(WAZUH_5712.run(invalid([0, 20, 40, 60, 80, 100, 120, 121]))).toEqual([]);
  });

  it("is ignored for 60 s after firing, then fires again while 8 remain in the window", () => {
    // fired at t=7: ignored while 7 + 60 > t, so t=66 is still its, t=67 could fire again
    const times = [0, 1, 2, 3, 4, 5, 6, 7, 30, 66, 68];
    const alerts = runFrequency(invalid(times), RULE_5712);
    expect(alerts.map((a) => a.trigger)).toEqual([7, 10]);
    expect(alerts[0].marks).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(runFrequency(invalid([0, 1, 2, 3, 4, 5, 6, 7, 67]), RULE_5712).map((a) => a.trigger)).toEqual([7, 8]);
  });
});

describe("Windows peers", () => {
  const win = (t: number, fields: Record<string, unknown>): PeerEvent => ({ timeMs: t * 1000, record: { Hostname: "WS1.example", ...fields } });
  const logonFailure = (t: number) => win(t, { Channel: "Security", EventID: 4625, IpAddress: "10.0.0.9" });

  it("Wazuh 60204 fires on the 8th 4625 from one address within 240 s", () => {
    expect(runWazuhWindows([0, 1, 2, 3, 4, 5, 6].map(logonFailure))).toEqual([]);
    expect(runWazuhWindows([0, 1, 2, 3, 4, 5, 6, 239].map(logonFailure)).map((a) => [a.rule, a.trigger])).toEqual([["60204", 7]]);
    expect(runWazuhWindows([0, 1, 2, 3, 4, 5, 6, 241].map(logonFailure))).toEqual([]);
  });

  it("Wazuh single-event rules: 7045, 1102, 4720, 4732", () => {
    const events = [
      win(0, { Channel: "System", EventID: 7045 }),
      win(1, { Channel: "Security", EventID: 1102 }),
      win(2, { Channel: "Security", EventID: 4720 }),
      win(3, { Channel: "security", EventID: 4732 }),
      win(4, { Channel: "Security", EventID: 4624 }),
    ];
    expect(runWazuhWindows(events).map((a) => a.rule)).toEqual(["61138", "60117", "60109", "60144"]);
  });

  it("Sigma: cmstp UAC bypass, wsmprovhost children, a service running an encoded PowerShell", () => {
    const sysmon = "Microsoft-Windows-Sysmon/Operational";
    const events = [
      win(0, { Channel: sysmon, EventID: 1, Image: "C:\\Windows\\System32\\cmstp.exe", CommandLine: "cmstp.exe /s x.inf /au" }),
      win(1, { Channel: sysmon, EventID: 1, Image: "C:\\Windows\\System32\\cmstp.exe", CommandLine: "cmstp.exe x.inf" }),
      win(2, { Channel: sysmon, EventID: 1, Image: "C:\\x\\whoami.exe", ParentImage: "C:\\Windows\\System32\\wsmprovhost.exe" }),
      win(3, { Channel: "System", EventID: 7045, SourceName: "Service Control Manager", ImagePath: "%COMSPEC% /C start /b powershell -noP -sta -w 1 -enc SQB", ServiceName: "X" }),
    ];
    // the service's "/C" is windash for " -c "
    expect(decisions(runSigma(events), events.length).raised).toEqual([true, false, true, true]);
    expect(runSigma([events[3]]).map((a) => a.rule)).toEqual(["rules/windows/builtin/system/service_control_manager/win_system_susp_service_installation_script.yml"]);
    const noFlag = { ...events[3], record: { ...events[3].record, ImagePath: "powershell.exe -enc SQB" } };
    expect(runSigma([noFlag])).toEqual([]);
  });
});
