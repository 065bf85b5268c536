// The WASI build of the filter: everything the plain build exports, plus live
// reload of model.bin from the first of Fluent Bit's Accessible_Paths
// (wasi-model-file.ts). Imports only wasi_snapshot_preview1.

export * from "./index";
import { setModelPoll } from "./model/model-source";
import { pollModelFile } from "./abi/wasi-model-file";

setModelPoll(pollModelFile);
