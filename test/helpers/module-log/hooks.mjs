import { appendFileSync } from "node:fs";

/** The packages a command that draws no chart and fits no autoencoder must never load. */
const HEAVY = /^(vega|vega-lite|@resvg\/resvg-js|@tensorflow\/[^/]+)(\/|$)/;

export async function resolve(specifier, context, next) {
  const bare = !/^(node:|data:|file:|\.|\/)/.test(specifier);
  if (bare && process.env.MODULE_LOG) appendFileSync(process.env.MODULE_LOG, specifier + "\n");
  if (HEAVY.test(specifier)) throw new Error(`refused by the module-log hook: ${specifier}`);
  return next(specifier, context);
}
