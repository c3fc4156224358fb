/* rangemap tasks.js: the page's startup work cut into short tasks, so the page answers while it draws.
 *
 * Work is queued in two lanes: `soon` (what the reader sees first: the app's rings and panel, label
 * placement) runs before `later` (thousands of city dots, copies of the borders off screen). A runner takes
 * queued functions, in order, until it has used BUDGET_MS of one task, then yields to the browser
 * (setTimeout 0) and goes on. Exposes window.rangemapTasks.{soon, later, each, busy, whenIdle}: each(items,
 * fn, done) spreads a long loop over as many tasks as it needs; busy() is true while anything is queued or
 * running; whenIdle(fn) calls fn once nothing is.
 */
(function () {
  "use strict";
  var BUDGET_MS = 8;  /* a phone four times slower still stays under 50 ms a task */
  var lanes = [[], []], idle = [], timer = null, running = false;
  var now = window.performance && performance.now ? function () { return performance.now(); } : Date.now;

  function pending() { return lanes[0].length + lanes[1].length; }

  function run() {
    timer = null; running = true;
    var start = now();
    try {
      while (pending() && now() - start < BUDGET_MS) {
        var fn = (lanes[0].length ? lanes[0] : lanes[1]).shift();
        try { fn(); } catch (err) { if (window.console) { console.error("rangemap:", err); } }
      }
    } finally { running = false; }
    if (pending()) { schedule(); return; }
    while (idle.length && !pending()) { idle.shift()(); }
    if (pending()) { schedule(); }
  }

  function schedule() { if (timer === null && !running) { timer = setTimeout(run, 0); } }

  function queue(lane) { return function (fn) { lanes[lane].push(fn); schedule(); }; }

  /* fn(item, k) for each of `items` in turn, in the `later` lane (the `soon` lane if `soon`), as many a task
   * as BUDGET_MS allows (a slow phone gets more tasks, not longer ones); then done(). fn returning false
   * stops it (done is not called). */
  function each(items, fn, done, soon) {
    var k = 0, lane = soon ? 0 : 1;
    function step() {
      var start = now();
      while (k < items.length && now() - start < BUDGET_MS) {
        if (fn(items[k], k) === false) { return; }
        k += 1;
      }
      if (k < items.length) { lanes[lane].unshift(step); schedule(); } else if (done) { done(); }
    }
    queue(lane)(step);
  }

  window.rangemapTasks = {
    soon: queue(0),
    later: queue(1),
    each: each,
    busy: function () { return running || timer !== null || pending() > 0; },
    whenIdle: function (fn) { if (window.rangemapTasks.busy()) { idle.push(fn); } else { fn(); } }
  };
})();
