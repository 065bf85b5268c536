// The cloudtrail format: AWS CloudTrail records (the elements of a log file's "Records" array, or
// one per line as EventBridge / CloudWatch Logs forward them).
//
//   | field      | CloudTrail fields (before the flat aliases of auth.ts)                       |
//   |------------|------------------------------------------------------------------------------|
//   | timestamp  | eventTime                                                                    |
//   | user       | userIdentity.userName, userIdentity.sessionContext.sessionIssuer.userName    |
//   |            | (the role behind an assumed-role session), userIdentity.arn                  |
//   | source IP  | sourceIPAddress ("AWS Internal" is none)                                     |
//   | host       | awsRegion                                                                    |
//   | event type | eventName                                                                    |
//   | action     | errorCode, responseElements.ConsoleLogin                                     |
//   | message    | errorMessage                                                                 |
//   | path       | requestParameters: bucketName/key, policyArn, roleArn, groupName,            |
//   |            | policyName, userName                                                         |
//   | bytes      | additionalEventData.bytesTransferredOut, bytesTransferredIn                  |
//
//   | eventName                                                    | kind                          |
//   |--------------------------------------------------------------|-------------------------------|
//   | ConsoleLogin (responseElements.ConsoleLogin Success/Failure) | LOGIN_SUCCESS / LOGIN_FAILURE,|
//   |                                                              | REMOTE_LOGON                  |
//   | AssumeRole AssumeRoleWithSAML AssumeRoleWithWebIdentity      | PRIVILEGE_USE                 |
//   | GetFederationToken SwitchRole                                |                               |
//   | AttachUserPolicy PutUserPolicy AttachRolePolicy PutRolePolicy| PRIVILEGE_CHANGE (+ ADMIN_GROUP|
//   | AttachGroupPolicy PutGroupPolicy AddUserToGroup              | for AdministratorAccess /     |
//   | CreatePolicyVersion SetDefaultPolicyVersion                  | IAMFullAccess or an admin     |
//   | UpdateAssumeRolePolicy                                       | group)                        |
//   | CreateUser DeleteUser CreateLoginProfile UpdateLoginProfile  | ACCOUNT_CHANGE                |
//   | DeleteLoginProfile ChangePassword CreateAccessKey            |                               |
//   | GetObject PutObject CopyObject DeleteObject UploadPart       | FILE_ACCESS                   |
//   | GetSecretValue                                               |                               |
//   | other                                                        | (text rules)                  |
//
// Outcome: an errorCode (AccessDenied, UnauthorizedOperation, ...) is a failure; ConsoleLogin
// follows its response; otherwise success. The root user (userIdentity.type Root) adds
// MENTIONS_ROOT.

import { Cap, EV_CLOUDTRAIL, ROOT, addKey, addObject, newNode } from "../field-table";
import { Cue, Kind, Outcome } from "../event";
import { isAdminGroupName } from "../event-kind";
import { has } from "../captures";
import {
  FIELD_CAP, Field, arenaAppend, capText, claimText, gTextLen, gTextPtr, hint, isSet, putText, take,
} from "../event-fill";
import { containsIgnoreCase, equals, equalsIgnoreCase } from "./text";

const P_AWS_INTERNAL = changetype<usize>("AWS Internal");
const P_ROOT = changetype<usize>("Root");
const P_FAILURE = changetype<usize>("Failure");
const P_SUCCESS = changetype<usize>("Success");
const P_ADMIN_ACCESS = changetype<usize>("AdministratorAccess");
const P_IAM_FULL = changetype<usize>("IAMFullAccess");

const P_CONSOLE_LOGIN = changetype<usize>("ConsoleLogin");
const P_ASSUME_ROLE = changetype<usize>("AssumeRole");
const P_ASSUME_ROLE_SAML = changetype<usize>("AssumeRoleWithSAML");
const P_ASSUME_ROLE_WEB = changetype<usize>("AssumeRoleWithWebIdentity");
const P_FEDERATION_TOKEN = changetype<usize>("GetFederationToken");
const P_SWITCH_ROLE = changetype<usize>("SwitchRole");
const P_ATTACH_USER_POLICY = changetype<usize>("AttachUserPolicy");
const P_PUT_USER_POLICY = changetype<usize>("PutUserPolicy");
const P_ATTACH_ROLE_POLICY = changetype<usize>("AttachRolePolicy");
const P_PUT_ROLE_POLICY = changetype<usize>("PutRolePolicy");
const P_ATTACH_GROUP_POLICY = changetype<usize>("AttachGroupPolicy");
const P_PUT_GROUP_POLICY = changetype<usize>("PutGroupPolicy");
const P_ADD_USER_TO_GROUP = changetype<usize>("AddUserToGroup");
const P_CREATE_POLICY_VERSION = changetype<usize>("CreatePolicyVersion");
const P_SET_DEFAULT_POLICY_VERSION = changetype<usize>("SetDefaultPolicyVersion");
const P_UPDATE_ASSUME_ROLE_POLICY = changetype<usize>("UpdateAssumeRolePolicy");
const P_CREATE_USER = changetype<usize>("CreateUser");
const P_DELETE_USER = changetype<usize>("DeleteUser");
const P_CREATE_LOGIN_PROFILE = changetype<usize>("CreateLoginProfile");
const P_UPDATE_LOGIN_PROFILE = changetype<usize>("UpdateLoginProfile");
const P_DELETE_LOGIN_PROFILE = changetype<usize>("DeleteLoginProfile");
const P_CHANGE_PASSWORD = changetype<usize>("ChangePassword");
const P_CREATE_ACCESS_KEY = changetype<usize>("CreateAccessKey");
const P_GET_OBJECT = changetype<usize>("GetObject");
const P_PUT_OBJECT = changetype<usize>("PutObject");
const P_COPY_OBJECT = changetype<usize>("CopyObject");
const P_DELETE_OBJECT = changetype<usize>("DeleteObject");
const P_UPLOAD_PART = changetype<usize>("UploadPart");
const P_GET_SECRET_VALUE = changetype<usize>("GetSecretValue");

export function cloudtrailFields(): void {
  take(Field.TIMESTAMP, Cap.C_EVENT_TIME);
  take(Field.USER, Cap.C_UI_USERNAME) || take(Field.USER, Cap.C_ISSUER_USERNAME) || take(Field.USER, Cap.C_UI_ARN);
  if (!isSet(Field.SOURCE_IP) && capText(Cap.C_SOURCE_IP) && !equals(gTextPtr, gTextLen, P_AWS_INTERNAL)) {
    putText(Field.SOURCE_IP, gTextPtr, gTextLen);
  }
  take(Field.HOST, Cap.C_REGION);
  take(Field.EVENT_TYPE, Cap.C_EVENT_NAME);
  take(Field.ACTION, Cap.C_ERROR_CODE) || take(Field.ACTION, Cap.C_CONSOLE_LOGIN);
  take(Field.MESSAGE, Cap.C_ERROR_MESSAGE);
  if (!isSet(Field.PATH) && capText(Cap.C_BUCKET)) {
    // bucket/key
    let n = arenaAppend(0, gTextPtr, gTextLen, FIELD_CAP);
    if (capText(Cap.C_KEY)) {
      n += arenaAppend(n, P_SLASH_BYTE, 1, FIELD_CAP);
      n += arenaAppend(n, gTextPtr, gTextLen, FIELD_CAP);
    }
    claimText(Field.PATH, n);
  }
  take(Field.PATH, Cap.C_REQ_POLICY_ARN) || take(Field.PATH, Cap.C_REQ_ROLE_ARN) || take(Field.PATH, Cap.C_REQ_GROUP) ||
    take(Field.PATH, Cap.C_REQ_POLICY_NAME) || take(Field.PATH, Cap.C_REQ_USERNAME);
  take(Field.BYTES, Cap.C_BYTES_OUT) || take(Field.BYTES, Cap.C_BYTES_IN);

  let kind = -1;
  let outcome = has(Cap.C_ERROR_CODE) ? Outcome.FAILURE : Outcome.SUCCESS;
  let cues = 0;
  if (capText(Cap.C_UI_TYPE) && equals(gTextPtr, gTextLen, P_ROOT)) cues |= Cue.MENTIONS_ROOT;
  if (capText(Cap.C_EVENT_NAME)) {
    const p = gTextPtr;
    const n = gTextLen;
    if (equals(p, n, P_CONSOLE_LOGIN)) {
      if (capText(Cap.C_CONSOLE_LOGIN)) {
        if (equalsIgnoreCase(gTextPtr, gTextLen, P_FAILURE)) outcome = Outcome.FAILURE;
        else if (equalsIgnoreCase(gTextPtr, gTextLen, P_SUCCESS) && !has(Cap.C_ERROR_CODE)) outcome = Outcome.SUCCESS;
      }
      kind = outcome == Outcome.FAILURE ? Kind.LOGIN_FAILURE : Kind.LOGIN_SUCCESS;
      cues |= Cue.REMOTE_LOGON;
    } else if (
      equals(p, n, P_ASSUME_ROLE) || equals(p, n, P_ASSUME_ROLE_SAML) || equals(p, n, P_ASSUME_ROLE_WEB) ||
      equals(p, n, P_FEDERATION_TOKEN) || equals(p, n, P_SWITCH_ROLE)
    ) {
      kind = Kind.PRIVILEGE_USE;
    } else if (
      equals(p, n, P_ATTACH_USER_POLICY) || equals(p, n, P_PUT_USER_POLICY) || equals(p, n, P_ATTACH_ROLE_POLICY) ||
      equals(p, n, P_PUT_ROLE_POLICY) || equals(p, n, P_ATTACH_GROUP_POLICY) || equals(p, n, P_PUT_GROUP_POLICY) ||
      equals(p, n, P_ADD_USER_TO_GROUP) || equals(p, n, P_CREATE_POLICY_VERSION) ||
      equals(p, n, P_SET_DEFAULT_POLICY_VERSION) || equals(p, n, P_UPDATE_ASSUME_ROLE_POLICY)
    ) {
      kind = Kind.PRIVILEGE_CHANGE;
      if (adminGrant()) cues |= Cue.ADMIN_GROUP;
    } else if (
      equals(p, n, P_CREATE_USER) || equals(p, n, P_DELETE_USER) || equals(p, n, P_CREATE_LOGIN_PROFILE) ||
      equals(p, n, P_UPDATE_LOGIN_PROFILE) || equals(p, n, P_DELETE_LOGIN_PROFILE) || equals(p, n, P_CHANGE_PASSWORD) ||
      equals(p, n, P_CREATE_ACCESS_KEY)
    ) {
      kind = Kind.ACCOUNT_CHANGE;
    } else if (
      equals(p, n, P_GET_OBJECT) || equals(p, n, P_PUT_OBJECT) || equals(p, n, P_COPY_OBJECT) ||
      equals(p, n, P_DELETE_OBJECT) || equals(p, n, P_UPLOAD_PART) || equals(p, n, P_GET_SECRET_VALUE)
    ) {
      kind = Kind.FILE_ACCESS;
    }
  }
  hint(kind, outcome, cues);
}

// --- internal ---

/** One '/' byte, for joining bucket and key. */
// @ts-ignore: decorator
@lazy const P_SLASH_BYTE: usize = memory.data<u8>([0x2f]);

/** The grant names administrators: an AdministratorAccess / IAMFullAccess policy or an admin group. */
function adminGrant(): bool {
  if (capText(Cap.C_REQ_POLICY_ARN) || capText(Cap.C_REQ_POLICY_NAME)) {
    if (containsIgnoreCase(gTextPtr, gTextLen, P_ADMIN_ACCESS) || containsIgnoreCase(gTextPtr, gTextLen, P_IAM_FULL)) return true;
  }
  return capText(Cap.C_REQ_GROUP) && isAdminGroupName(gTextPtr, gTextLen);
}

// --- keys ---

function registerKeys(): void {
  const nIdentity = newNode();
  const nSession = newNode();
  const nIssuer = newNode();
  const nResponse = newNode();
  const nAdditional = newNode();
  const nRequest = newNode();
  const CT = EV_CLOUDTRAIL;
  addKey(ROOT, "eventTime", Cap.C_EVENT_TIME);
  addKey(ROOT, "eventSource", Cap.C_EVENT_SOURCE, 0, CT);
  addKey(ROOT, "eventName", Cap.C_EVENT_NAME);
  addKey(ROOT, "sourceIPAddress", Cap.C_SOURCE_IP);
  addKey(ROOT, "errorCode", Cap.C_ERROR_CODE);
  addKey(ROOT, "errorMessage", Cap.C_ERROR_MESSAGE);
  addKey(ROOT, "awsRegion", Cap.C_REGION);
  addObject(ROOT, "userIdentity", nIdentity, CT);
  addObject(ROOT, "responseElements", nResponse);
  addObject(ROOT, "additionalEventData", nAdditional);
  addObject(ROOT, "requestParameters", nRequest);
  addKey(nIdentity, "type", Cap.C_UI_TYPE);
  addKey(nIdentity, "userName", Cap.C_UI_USERNAME);
  addKey(nIdentity, "arn", Cap.C_UI_ARN);
  addObject(nIdentity, "sessionContext", nSession);
  addObject(nSession, "sessionIssuer", nIssuer);
  addKey(nIssuer, "userName", Cap.C_ISSUER_USERNAME);
  addKey(nResponse, "ConsoleLogin", Cap.C_CONSOLE_LOGIN);
  addKey(nAdditional, "MFAUsed", Cap.C_MFA_USED);
  addKey(nAdditional, "bytesTransferredOut", Cap.C_BYTES_OUT);
  addKey(nAdditional, "bytesTransferredIn", Cap.C_BYTES_IN);
  addKey(nRequest, "bucketName", Cap.C_BUCKET);
  addKey(nRequest, "key", Cap.C_KEY);
  addKey(nRequest, "userName", Cap.C_REQ_USERNAME);
  addKey(nRequest, "groupName", Cap.C_REQ_GROUP);
  addKey(nRequest, "policyArn", Cap.C_REQ_POLICY_ARN);
  addKey(nRequest, "policyName", Cap.C_REQ_POLICY_NAME);
  addKey(nRequest, "roleArn", Cap.C_REQ_ROLE_ARN);
}
registerKeys();
