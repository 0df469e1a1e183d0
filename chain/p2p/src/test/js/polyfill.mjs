// js-libp2p 3 uses Promise.withResolvers (Node >= 22); Node 20 lacks it.
if (typeof Promise.withResolvers !== 'function') { Promise.withResolvers = function () { let resolve, reject; const promise = new Promise((res, rej) => { resolve = res; reject = rej }); return { promise, resolve, reject } } }
