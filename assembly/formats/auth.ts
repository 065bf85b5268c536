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
import { Field, take } from "../event-fill";

export function authFields(): void {
  take(Field.TIMESTAMP, Cap.TIMESTAMP) || take(Field.TIMESTAMP, Cap.TIME) || take(Field.TIMESTAMP, Cap.AT_TIMESTAMP) ||
    take(Field.TIMESTAMP, Cap.DATETIME) || take(Field.TIMESTAMP, Cap.DATE);
  take(Field.USER, Cap.USER) || take(Field.USER, Cap.USERNAME) || take(Field.USER, Cap.UID) ||
    take(Field.USER, Cap.ACCOUNT) || take(Field.USER, Cap.IDENTITY) || take(Field.USER, Cap.USER_NAME);
  take(Field.SOURCE_IP, Cap.SOURCE_IP) || take(Field.SOURCE_IP, Cap.SRC_IP) || take(Field.SOURCE_IP, Cap.IP) ||
    take(Field.SOURCE_IP, Cap.CLIENT_IP) || take(Field.SOURCE_IP, Cap.REMOTE_ADDR) || take(Field.SOURCE_IP, Cap.SRC);
  take(Field.HOST, Cap.HOST) || take(Field.HOST, Cap.HOSTNAME) || take(Field.HOST, Cap.DEST_HOST) ||
    take(Field.HOST, Cap.DESTINATION_HOST) || take(Field.HOST, Cap.COMPUTER);
  take(Field.EVENT_TYPE, Cap.EVENT_TYPE) || take(Field.EVENT_TYPE, Cap.TYPE) || take(Field.EVENT_TYPE, Cap.EVENT) ||
    take(Field.EVENT_TYPE, Cap.CATEGORY);
  take(Field.ACTION, Cap.ACTION) || take(Field.ACTION, Cap.RESULT) || take(Field.ACTION, Cap.STATUS) ||
    take(Field.ACTION, Cap.OUTCOME);
  take(Field.MESSAGE, Cap.MESSAGE) || take(Field.MESSAGE, Cap.MSG) || take(Field.MESSAGE, Cap.DESCRIPTION) ||
    take(Field.MESSAGE, Cap.TEXT) || take(Field.MESSAGE, Cap.LOG);
  take(Field.PATH, Cap.PATH) || take(Field.PATH, Cap.FILE) || take(Field.PATH, Cap.FILE_PATH) ||
    take(Field.PATH, Cap.RESOURCE) || take(Field.PATH, Cap.OBJECT);
  take(Field.BYTES, Cap.BYTES) || take(Field.BYTES, Cap.SIZE) || take(Field.BYTES, Cap.BYTES_OUT) ||
    take(Field.BYTES, Cap.BYTES_SENT) || take(Field.BYTES, Cap.BYTES_TRANSFERRED) || take(Field.BYTES, Cap.LENGTH);
}
