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

import { Cap } from "../field-table";
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
