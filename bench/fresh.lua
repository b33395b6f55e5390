-- Makes every request's address new (`?fresh=<thread>-<n>`), so that no page
-- comes from the page cache: the cost of rendering it from the database.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?fresh=" .. tid .. "-" .. counter)
end
