-- Workload for the Lua interpreter built from Debian's lua5.4 source: each
-- section prints what it computed, and the riscv64 build's output must equal
-- the native one's. Everything printed is deterministic across machines:
-- hash-table iteration order is seeded per run, so keys are sorted before
-- printing; math.random is seeded explicitly; transcendental results are
-- printed to 10 digits because libm may differ in the last bit between
-- architectures (+ - * / and sqrt are exact and printed in full).
-- Usage: lua lua.lua SCALE   (SCALE multiplies the compute-heavy loops)

local scale = tonumber(arg and arg[1]) or 1

local function section(name) io.write("== ", name, "\n") end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b) return tostring(a) < tostring(b) end)
  return ks
end

section("strings")
do
  local s = "The quick brown fox jumps over the lazy dog"
  print(#s, s:upper(), s:lower():reverse())
  print(s:find("fox"), s:find("o", 20, true), s:match("(%a+) dog"))
  print((s:gsub("%w+", function(w) return w:sub(1, 1):upper() .. #w end)))
  print((s:gsub("(%a)(%a*)", "%2%1ay")))
  local words = {}
  for w in s:gmatch("%a+") do words[#words + 1] = w end
  table.sort(words, function(a, b) return a:lower() < b:lower() end)
  print(table.concat(words, ","))
  print(("abc"):rep(3, "-"), ("x"):byte(), string.char(72, 105), ("%q"):format("a\n\0b\"c"))
  print(string.format("[%5s][%-5s][%.2s][%5.1s]", "ab", "ab", "abcdef", "xyz"))
  print(string.format("%d %5d %-5d| %x %X %o %c", -42, 42, 42, 255, 3054, 8, 65))
  local packed = string.pack("<i4 >i8 z d", -2, 0x0102030405060708, "hi", 1.5)
  print(#packed, (packed:gsub(".", function(c) return string.format("%02x", c:byte()) end)))
  print(string.unpack("<i4 >i8 z d", packed))
  print(utf8.char(72, 228, 8364, 128512), utf8.len("häl€"), utf8.codepoint("€", 1))
  for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
  print()
  -- a longer string build to exercise the allocator and the string table
  local parts = {}
  for i = 1, 2000 * scale do parts[#parts + 1] = tostring(i * 7919 % 10007) end
  local big = table.concat(parts, ";")
  local sum = 0
  for n in big:gmatch("%d+") do sum = sum + tonumber(n) end
  print(#big, sum, big:sub(1, 40), big:sub(-20))
end

section("tables")
do
  local t = {}
  for i = 1, 1000 do t[i] = (i * 37) % 101 end
  table.sort(t)
  print(t[1], t[500], t[1000], #t)
  table.sort(t, function(a, b) return a > b end)
  print(t[1], t[2], t[1000])
  table.insert(t, 1, -1); table.insert(t, 999)
  print(t[1], t[#t], #t, table.remove(t), table.remove(t, 1), #t)
  print(table.concat(table.move({1, 2, 3, 4, 5}, 2, 4, 1), " "))
  print(table.unpack({10, 20, 30}, 2))
  local h = {}
  for i = 1, 500 do h["k" .. (i * 13 % 97)] = (h["k" .. (i * 13 % 97)] or 0) + i end
  local ks = sorted_keys(h)
  local out = {}
  for i = 1, 10 do out[#out + 1] = ks[i] .. "=" .. h[ks[i]] end
  print(#ks, table.concat(out, " "))
  local mt = setmetatable({}, {
    __index = function(_, k) return k * 2 end,
    __call = function(self, a, b) return a + b end,
    __add = function(a, b) return "added" end,
    __len = function() return 42 end,
    __tostring = function() return "<mt object>" end,
  })
  print(mt[21], mt(3, 4), mt + 1, #mt, tostring(mt))
  local weak = setmetatable({}, {__mode = "k"})
  weak[{}] = 1
  collectgarbage(); collectgarbage()
  local n = 0
  for _ in pairs(weak) do n = n + 1 end
  print("weak entries after gc", n)
end

section("closures")
do
  local function counter(step)
    local n = 0
    return function() n = n + step; return n end
  end
  local a, b = counter(1), counter(10)
  a(); a(); b()
  print(a(), b())
  local function memo(f)
    local cache = {}
    return function(x)
      local v = cache[x]
      if v == nil then v = f(x); cache[x] = v end
      return v
    end
  end
  local fib
  fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
  print(fib(80), fib(90))
  local fs = {}
  for i = 1, 5 do fs[i] = function() return i * i end end
  print(fs[1](), fs[3](), fs[5]())
  local function compose(...)
    local fns = {...}
    return function(x)
      for i = #fns, 1, -1 do x = fns[i](x) end
      return x
    end
  end
  print(compose(function(x) return x + 1 end, function(x) return x * 3 end)(5))
  print(select("#", 1, nil, 3, nil), select(2, "a", "b", "c"))
  local ok, err = pcall(function() error({code = 7}) end)
  print(ok, type(err), err.code)
  ok, err = pcall(function() local x = nil; return x.field end)
  print(ok, (err:gsub("^.-:%d+: ", "")))
  print(xpcall(function() error("boom", 0) end, function(m) return "handled " .. m end))
  print(pcall(error))
end

section("coroutines")
do
  local function gen(n)
    return coroutine.wrap(function()
      for i = 1, n do coroutine.yield(i * i) end
    end)
  end
  local acc = {}
  for v in gen(10) do acc[#acc + 1] = v end
  print(table.concat(acc, " "))
  local producer = coroutine.create(function(a, b)
    local x = coroutine.yield(a + b)
    local y = coroutine.yield(x * 2)
    return "done", x + y
  end)
  print(coroutine.resume(producer, 1, 2))
  print(coroutine.resume(producer, 10))
  print(coroutine.resume(producer, 5))
  print(coroutine.resume(producer), coroutine.status(producer))
  -- a pipeline of coroutines: primes by filtering
  local function filter(p, src)
    return coroutine.wrap(function()
      for n in src do if n % p ~= 0 then coroutine.yield(n) end end
    end)
  end
  local function nums(limit)
    return coroutine.wrap(function() for i = 2, limit do coroutine.yield(i) end end)
  end
  local src, primes = nums(250), {}
  while true do
    local p = src()
    if not p then break end
    primes[#primes + 1] = p
    src = filter(p, src)
  end
  print(#primes, primes[#primes], table.concat(primes, " ", 1, 15))
  local co = coroutine.create(function() error("inside") end)
  local ok, msg = coroutine.resume(co)
  print(ok, (msg:gsub("^.-:%d+: ", "")), coroutine.status(co))
  print(coroutine.isyieldable(), select(2, coroutine.running()))
end

section("numbers")
do
  print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, -7.5 % 2, 2^10, 10 / 4)
  print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
  print(math.maxinteger * 3, math.mininteger // -1, 5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)
  print(0x7fffffff << 4, 1 << 63, 1 << 64, -1 >> 1, 0xff ~ 0x0f, ~0, 3 & 5, 3 | 5)
  print(math.tointeger(3.0), math.tointeger(3.5), math.type(1), math.type(1.0), math.type("1"))
  print(math.ult(1, -1), math.abs(math.mininteger), math.fmod(-7, 3), math.fmod(7, -3))
  print(math.floor(-3.5), math.ceil(-3.5), math.floor(2^62), math.huge, -math.huge)
  print(3 == 3.0, 1e15, 1e16, 2^53, 2^53 + 1, 123456789012 * 1000)
  print(tonumber("0x1p4"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("777", 8))
  print(tostring(1/3), tostring(-0.0), 100 // 1e300, string.format("%.17g", 0.1 + 0.2))
  print(math.sqrt(2), math.sqrt(1e300), 1e308 * 10, -1e308 * 10, 5e-324, 5e-324 / 2)
  print(string.format("%.3f %10.4f %-10.2e| %g %g %g", math.pi, -math.pi, 12345.678, 1e20, 1e-5, 0.5))
  print(string.format("%a %a %.0f %.0f %.0f %5.1f%%", 1.0, -0.1, 0.5, 1.5, 2.5, 99.95))
  print(string.format("%.10f %.10f %.10f %.10f", math.sin(1), math.cos(1), math.exp(1), math.log(10)))
  print(string.format("%.10f %.10f %.10f", math.atan(1, 2), math.log(8, 2), 2 ^ 0.5))
  math.randomseed(42)
  local r = {}
  for i = 1, 8 do r[#r + 1] = math.random(1, 1000) end
  print(table.concat(r, " "), string.format("%.15f", math.random()))
end

section("compute")
do
  -- sieve
  local n = 20000 * scale
  local comp, count = {}, 0
  for i = 2, n do
    if not comp[i] then
      count = count + 1
      for j = i * i, n, i do comp[j] = true end
    end
  end
  print("primes below", n, count)
  -- mandelbrot: exact IEEE arithmetic only
  local rows = {}
  for y = -12, 12 do
    local row = {}
    for x = -39, 20 do
      local cr, ci = x / 20, y / 10
      local zr, zi, it = 0.0, 0.0, 0
      while it < 50 * scale and zr * zr + zi * zi < 4 do
        zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
        it = it + 1
      end
      row[#row + 1] = it >= 50 * scale and "#" or (it > 8 and "+" or ".")
    end
    rows[#rows + 1] = table.concat(row)
  end
  print(table.concat(rows, "\n"))
  -- float accumulation printed in full
  local s = 0.0
  for i = 1, 10000 * scale do s = s + 1 / i end
  print(string.format("harmonic %.17g", s))
  -- a string-keyed table under churn
  local freq = {}
  for i = 1, 30000 * scale do
    local k = "w" .. ((i * 2654435761) % 4099)
    freq[k] = (freq[k] or 0) + 1
  end
  local ks = sorted_keys(freq)
  print(#ks, ks[1], freq[ks[1]], ks[#ks], freq[ks[#ks]])
end

section("io and os")
do
  local name = os.tmpname()
  local f = assert(io.open(name, "w"))
  for i = 1, 100 do f:write(string.format("line %03d %s\n", i, ("x"):rep(i % 7))) end
  f:close()
  local lines, bytes = 0, 0
  for l in io.lines(name) do lines = lines + 1; bytes = bytes + #l end
  f = assert(io.open(name, "rb"))
  print(lines, bytes, f:seek("end"), f:seek("set", 5), f:read(8), f:read("n"), f:read("l"))
  f:close()
  print(os.remove(name), io.open(name) == nil)
  print(os.date("!%Y-%m-%d %H:%M:%S", 1700000000), os.time({year = 2000, month = 1, day = 1, hour = 12}) ~= nil)
  print(os.getenv("PEEK_REAL_UNSET_VARIABLE"), type(os.clock()))
  local chunk = load("local a, b = ... return a * b, 'chunk'")
  print(chunk(6, 7))
  print(load("syntax error here"))
  local bc = string.dump(function(x) return x + 1 end)
  print(load(bc, "bc", "b")(41))
end
print("end")
