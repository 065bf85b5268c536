// The auth format: flat JSON with the field aliases below, the first alias present in the record
// winning. Every other format falls back to these for the fields it did not fill.
//
//   | field      | aliases, in priority order                                                   |
//   |------------|------------------------------------------------------------------------------|
//   | timestamp  | timestamp time @timestamp datetime date                                      |
//   | user       | user username uid account identity user_name                                |
//   | source IP  | source_ip src_ip ip client_ip remote_addr src                                |
//   | host       | host hostname dest_host destination_host computer                            |
//   | event type | event_type type event category                                               |
//   | action     | action result status outcome                                                 |
//   | message    | message msg description text log                                             |
//   | path       | path file file_path resource object                                          |
//   | bytes      | bytes size bytes_out bytes_sent bytes_transferred length                     |

import { Cap, ROOT, addKey } from "../field-table";
import { takeLists } from "../event-fill";

/** The table above as capture lists (Field order: a count, then the ids); event-fill.ts takeLists reads it. */
// @ts-ignore: decorator
@lazy const AUTH_LISTS: usize = memory.data<i32>([
  5, Cap.TIMESTAMP, Cap.TIME, Cap.AT_TIMESTAMP, Cap.DATETIME, Cap.DATE,
  6, Cap.USER, Cap.USERNAME, Cap.UID, Cap.ACCOUNT, Cap.IDENTITY, Cap.USER_NAME,
  6, Cap.SOURCE_IP, Cap.SRC_IP, Cap.IP, Cap.CLIENT_IP, Cap.REMOTE_ADDR, Cap.SRC,
  5, Cap.HOST, Cap.HOSTNAME, Cap.DEST_HOST, Cap.DESTINATION_HOST, Cap.COMPUTER,
  4, Cap.EVENT_TYPE, Cap.TYPE, Cap.EVENT, Cap.CATEGORY,
  4, Cap.ACTION, Cap.RESULT, Cap.STATUS, Cap.OUTCOME,
  5, Cap.MESSAGE, Cap.MSG, Cap.DESCRIPTION, Cap.TEXT, Cap.LOG,
  5, Cap.PATH, Cap.FILE, Cap.FILE_PATH, Cap.RESOURCE, Cap.OBJECT,
  6, Cap.BYTES, Cap.SIZE, Cap.BYTES_OUT, Cap.BYTES_SENT, Cap.BYTES_TRANSFERRED, Cap.LENGTH,
]);

export function authFields(): void {
  takeLists(AUTH_LISTS);
}

// --- keys ---

function registerKeys(): void {
  addKey(ROOT, "timestamp", Cap.TIMESTAMP);
  addKey(ROOT, "time", Cap.TIME);
  addKey(ROOT, "@timestamp", Cap.AT_TIMESTAMP);
  addKey(ROOT, "datetime", Cap.DATETIME);
  addKey(ROOT, "date", Cap.DATE);
  addKey(ROOT, "user", Cap.USER); // also an ECS object (ecs.ts)
  addKey(ROOT, "username", Cap.USERNAME);
  addKey(ROOT, "uid", Cap.UID);
  addKey(ROOT, "account", Cap.ACCOUNT);
  addKey(ROOT, "identity", Cap.IDENTITY);
  addKey(ROOT, "user_name", Cap.USER_NAME);
  addKey(ROOT, "source_ip", Cap.SOURCE_IP);
  addKey(ROOT, "src_ip", Cap.SRC_IP);
  addKey(ROOT, "ip", Cap.IP);
  addKey(ROOT, "client_ip", Cap.CLIENT_IP);
  addKey(ROOT, "remote_addr", Cap.REMOTE_ADDR);
  addKey(ROOT, "src", Cap.SRC);
  addKey(ROOT, "host", Cap.HOST); // also an ECS object (ecs.ts)
  addKey(ROOT, "hostname", Cap.HOSTNAME);
  addKey(ROOT, "dest_host", Cap.DEST_HOST);
  addKey(ROOT, "destination_host", Cap.DESTINATION_HOST);
  addKey(ROOT, "computer", Cap.COMPUTER);
  addKey(ROOT, "event_type", Cap.EVENT_TYPE);
  addKey(ROOT, "type", Cap.TYPE);
  addKey(ROOT, "event", Cap.EVENT); // also an ECS object (ecs.ts)
  addKey(ROOT, "category", Cap.CATEGORY);
  addKey(ROOT, "action", Cap.ACTION);
  addKey(ROOT, "result", Cap.RESULT);
  addKey(ROOT, "status", Cap.STATUS);
  addKey(ROOT, "outcome", Cap.OUTCOME);
  addKey(ROOT, "message", Cap.MESSAGE);
  addKey(ROOT, "msg", Cap.MSG);
  addKey(ROOT, "description", Cap.DESCRIPTION);
  addKey(ROOT, "text", Cap.TEXT);
  addKey(ROOT, "log", Cap.LOG);
  addKey(ROOT, "path", Cap.PATH);
  addKey(ROOT, "file", Cap.FILE); // also an ECS object (ecs.ts)
  addKey(ROOT, "file_path", Cap.FILE_PATH);
  addKey(ROOT, "resource", Cap.RESOURCE);
  addKey(ROOT, "object", Cap.OBJECT);
  addKey(ROOT, "bytes", Cap.BYTES);
  addKey(ROOT, "size", Cap.SIZE);
  addKey(ROOT, "bytes_out", Cap.BYTES_OUT);
  addKey(ROOT, "bytes_sent", Cap.BYTES_SENT);
  addKey(ROOT, "bytes_transferred", Cap.BYTES_TRANSFERRED);
  addKey(ROOT, "length", Cap.LENGTH);
}
registerKeys();
