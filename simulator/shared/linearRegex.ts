/**
 * Linear-time regular expressions (RE2). One implementation, owned by the client (which must stand
 * alone against a real org and matches handoff settings' `matches` conditions with it): the
 * simulator's routing rules and scripts match exactly as the client does.
 */
export { linearRegex, linearRegexProblem, MAX_PROGRAM_SIZE, RE2_SYNTAX, type LinearRegex, type LinearRegexOptions } from '../../client/linearRegex.ts';
