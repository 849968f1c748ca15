-- Get Embedded Service Configuration: GET /embeddedservice/v1/embedded-service-config (200
-- expected), unauthenticated, the first read a web widget makes. Not part of `npm run bench`;
-- for `bench/profile.ts`.
local bench = dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'common.lua')

bench.run {
  status = 200,
  method = 'GET',
  path = function(o) return '/embeddedservice/v1/embedded-service-config?orgId=' .. o.orgId .. '&esConfigName=' .. o.esDeveloperName end,
}
