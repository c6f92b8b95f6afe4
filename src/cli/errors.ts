/** A failure the CLI reports as one line on stderr before exiting 1 (no stack trace: the user did nothing wrong in code). */
export class CliError extends Error {}
