/**
 * Where /docs loads Scalar's API reference bundle from: this Worker's own static assets (wrangler.toml
 * [assets]), so the page needs no CDN. scripts/copy-scalar-assets.ts copies the file there on install and
 * refuses a version other than the one package.json pins.
 */
export const SCALAR_API_REFERENCE_VERSION = "1.71.0";

/** The bundle's URL path, versioned so the asset can be cached as immutable (public/_headers). */
export const SCALAR_STANDALONE_PATH = `/scalar/${SCALAR_API_REFERENCE_VERSION}/standalone.js`;
