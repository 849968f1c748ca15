-- Send message: POST /conversation/{id}/message with a fresh message id per request (202 expected).
local bench = dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'common.lua')

bench.run {
  status = 202,
  fresh = true,
  path = function(o) return '/iamessage/api/v2/conversation/' .. o.conversationId .. '/message' end,
  headers = function(o) return { Authorization = 'Bearer ' .. o.accessToken } end,
  body = function(o)
    return string.format(
      '{"esDeveloperName":"%s","message":{"id":"%s","messageType":"StaticContentMessage","staticContent":{"formatType":"Text","text":"bench"}}}',
      o.esDeveloperName, bench.uuid4())
  end,
}
