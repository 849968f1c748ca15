-- Token exchange: POST /authorization/authenticated/access-token with a pre-signed identity token
-- (200 expected). The same identity token is sent every time: the simulator accepts a reused one
-- (it checks signature, iss, sub, exp and iat, not uniqueness), so each request costs a full check.
local bench = dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'common.lua')

bench.run {
  status = 200,
  path = function() return '/iamessage/api/v2/authorization/authenticated/access-token' end,
  body = function(o)
    return string.format(
      '{"orgId":"%s","esDeveloperName":"%s","capabilitiesVersion":"1","platform":"Web","authorizationType":"JWT","customerIdentityToken":"%s"}',
      o.orgId, o.esDeveloperName, o.identityToken)
  end,
}
