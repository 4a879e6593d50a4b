/** The tool's version, as printed by --version and in every output document. */
export const VERSION = "0.1.0";
