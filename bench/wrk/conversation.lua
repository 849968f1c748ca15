-- Create conversation: POST /conversation with a fresh conversation id per request (201 expected).
local bench = dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'common.lua')

bench.run {
  status = 201,
  fresh = true,
  path = function() return '/iamessage/api/v2/conversation' end,
  headers = function(o) return { Authorization = 'Bearer ' .. o.accessToken } end,
  body = function(o)
    return string.format('{"conversationId":"%s","esDeveloperName":"%s"}', bench.uuid4(), o.esDeveloperName)
  end,
}
