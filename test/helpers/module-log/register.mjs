// `node --import ./register.mjs`: installs hooks.mjs, which records every bare
// package the process imports in the file named by MODULE_LOG and refuses the
// heavy ones, as if they were not installed.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
