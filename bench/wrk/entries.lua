-- List conversation entries: GET /conversation/{id}/entries (200 expected), the read a client makes
-- to catch up after reconnecting. The bench conversation holds what the message run sent to it, so
-- each request pages through a long conversation (the newest 20 entries, the default page).
local bench = dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'common.lua')

bench.run {
  status = 200,
  method = 'GET',
  path = function(o) return '/iamessage/api/v2/conversation/' .. o.conversationId .. '/entries' end,
  headers = function(o) return { Authorization = 'Bearer ' .. o.accessToken } end,
}
