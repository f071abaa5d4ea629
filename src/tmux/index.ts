export { serverPidOfEnv, TmuxClient, type TmuxServer, type TmuxClientOptions, type ListQuery, type RunOptions, type BatchOptions } from './client.ts';
export { TmuxBatchError, TmuxError, type TmuxErrorKind } from './errors.ts';
export { batchArgv, commandText, formatLiteral, messageCommand, protectArgument, type TmuxCommand } from './argv.ts';
export { exactSession, isSessionId, sessionIdOf, windowOf } from './target.ts';
export { atLeast, featuresOf, FEATURES, MINIMUM_TMUX, parseTmuxVersion, type TmuxVersion } from './version.ts';
export type { RecordOf, FieldFormats } from './records.ts';
export { reportedSessionName, sessionNameToGive } from './session-names.ts';
