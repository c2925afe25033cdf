/*
 * Hefei plan maps: filters by status and progress, and the timeline (MIT licence).
 *
 * Timeline: at year Y the map shows the existing network open by the end of Y
 * (its `opened` year; lines without a known year are left out and counted) and,
 * from the plan's year (cfg.years.plan) on, the plan's projects, those built by Y (progress
 * `built`, `progress_year` <= Y) marked built; projects whose target year is <= Y
 * are counted. The permalink (hefei-map-permalink.js) keeps the filters and year.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap, esc = HM.esc, bi = HM.bi;

  function planYear(state) { return state.cfg.years.plan; }

  function years(state) {
    var ys = [planYear(state)];
    state.index.forEach(function (e) {
      var p = e.props || {};
      [p.opened, p.opened_by, p.target_year, p.progress_year].forEach(function (y) { if (typeof y === 'number' && y > 1800) { ys.push(y); } });
    });
    return [Math.min.apply(null, ys), Math.max(state.cfg.years.target, Math.max.apply(null, ys))];
  }

  // Progress (built, under construction) is shown from its year on; undated progress always.
  function progressAsOf(p, year) { return !year || !p.progress_year || p.progress_year <= year; }

  function builtBy(p, year) { return HM.progressOf(p) === 'built' && progressAsOf(p, year); }

  // The year a network line opened: `opened`, else `opened_by` (open by then at the latest).
  function openedYear(p) {
    if (typeof p.opened === 'number') { return p.opened; }
    return typeof p.opened_by === 'number' ? p.opened_by : null;
  }
  HM.openedYear = openedYear;

  function passes(state, e, skip) {
    var p = e.props;
    if (e.network) { return !state.year || (openedYear(p) !== null && openedYear(p) <= state.year); }
    if (state.year && state.year < planYear(state)) { return false; }
    if (skip !== 'status' && state.statusOn[p.status] === false) { return false; }
    if (skip !== 'progress' && state.progressOn[HM.progressOf(p)] === false) { return false; }
    return true;
  }

  function apply(state) {
    var shown = 0, netShown = 0, netUnknown = 0, built = 0, due = 0, dueBuilt = 0;
    state.index.forEach(function (e) {
      if (!e.props || e.reference) { return; }
      var ok = passes(state, e);
      if (ok === !!e.hidden || e.hidden === undefined) {
        e.hidden = !ok;
        e.parts.forEach(function (part) {
          if (ok && !e.group.hasLayer(part)) { e.group.addLayer(part); }
          if (!ok && e.group.hasLayer(part)) { e.group.removeLayer(part); }
        });
      }
      if (e.network) {
        if (ok) { netShown += 1; }
        if (openedYear(e.props) === null) { netUnknown += 1; }
        return;
      }
      var isBuilt = builtBy(e.props, state.year), marked = progressAsOf(e.props, state.year);
      if (e.builtPart) {
        if (ok && marked && !e.group.hasLayer(e.builtPart)) { e.group.addLayer(e.builtPart); }
        if ((!ok || !marked) && e.group.hasLayer(e.builtPart)) { e.group.removeLayer(e.builtPart); }
      }
      var icon = e.layer && e.layer._icon;
      if (icon) { L.DomUtil[marked ? 'removeClass' : 'addClass'](icon, 'hm-nobadge'); }
      if (ok) {
        shown += 1;
        if (isBuilt) { built += 1; }
        if (state.year && e.props.target_year && e.props.target_year <= state.year) { due += 1; if (isBuilt) { dueBuilt += 1; } }
      }
    });
    updateCounts(state);
    var out = state.yearOut;
    if (out) {
      if (!state.year) {
        out.innerHTML = '全部年份 <span class="hm-en">all years: the whole plan and today\'s network</span>';
      } else {
        var h = '<b>' + state.year + '</b> 年底 <span class="hm-en">end of ' + state.year + '</span>: ' +
          netShown + ' 条现状线路已开通 <span class="hm-en">existing lines open</span>';
        if (netUnknown) { h += ' <span class="hm-sub">(' + netUnknown + ' 条开通年份未知，未显示 <span class="hm-en">with unknown opening year not shown</span>)</span>'; }
        if (state.year < planYear(state)) {
          h += '<br>规划 ' + planYear(state) + ' 年发布 <span class="hm-en">The plan dates from ' + planYear(state) + ': no planned projects yet</span>';
        } else {
          h += '<br>' + shown + ' 个规划项目 <span class="hm-en">planned projects</span>, ' + built + ' 个已建成 <span class="hm-en">built by then</span>';
          if (due) { h += '<br>' + due + ' 个目标年已到 <span class="hm-en">past their target year</span>, ' + dueBuilt + ' 个已建成 <span class="hm-en">of them built</span>'; }
        }
        out.innerHTML = h;
      }
    }
    state.shownCount = shown;
    if (state.redrawList) { state.redrawList(); }
  }

  function updateCounts(state) {
    ['status', 'progress'].forEach(function (facet) {
      var counts = {};
      state.plan.forEach(function (e) {
        if (!HM.layerOn(state, e.name) || !passes(state, e, facet)) { return; }
        var k = facet === 'status' ? e.props.status : HM.progressOf(e.props);
        counts[k] = (counts[k] || 0) + 1;
      });
      Object.keys(state.countEls[facet] || {}).forEach(function (k) { state.countEls[facet][k].textContent = counts[k] || 0; });
    });
  }

  function facetBox(state, parent, facet, title, keys, labels) {
    var fs = L.DomUtil.create('fieldset', 'hm-fs hm-facet hm-facet-' + facet, parent);
    fs.innerHTML = '<legend>' + title + '</legend>';
    var on = facet === 'status' ? state.statusOn : state.progressOn;
    state.countEls[facet] = {};
    keys.forEach(function (k) {
      var lab = labels[k] || [k, ''];
      var input = HM.checkbox(fs, 'hm-' + facet + '-' + k, bi(lab[0], lab[1]) + ' <span class="hm-n" data-count="' + esc(k) + '"></span>',
        on[k] !== false, function (checked) { on[k] = checked; state.onChange(); });
      input.setAttribute('data-' + facet, k);
      state.countEls[facet][k] = input.parentNode.querySelector('[data-count]');
      state.facetInputs.push({ facet: facet, key: k, input: input });
    });
  }

  function filters(state) {
    var cfg = state.cfg, box = state.filterBox, restored = state.restored || {};
    state.statusOn = {}; state.progressOn = {}; state.countEls = {}; state.facetInputs = [];
    var statusKeys = Object.keys(cfg.style.statuses).filter(function (k) { return state.plan.some(function (e) { return e.props.status === k; }); });
    var progressKeys = Object.keys(cfg.progress);
    state.plan.forEach(function (e) { var k = HM.progressOf(e.props); if (progressKeys.indexOf(k) < 0) { progressKeys.push(k); } });
    statusKeys.forEach(function (k) { state.statusOn[k] = true; });
    progressKeys.forEach(function (k) { state.progressOn[k] = true; });
    (restored.hide || []).forEach(function (h) {
      var i = h.indexOf(':'), facet = h.slice(0, i), key = h.slice(i + 1);
      if (facet === 'status' && key in state.statusOn) { state.statusOn[key] = false; }
      if (facet === 'progress' && key in state.progressOn) { state.progressOn[key] = false; }
    });
    if (!box || !state.plan.length) { return; }
    var head = L.DomUtil.create('div', 'hm-filters-h', box);
    head.innerHTML = '筛选 <span class="hm-en">Filters</span>';
    var statusLabels = {};
    statusKeys.forEach(function (k) { var s = cfg.style.statuses[k]; statusLabels[k] = [s.zh, s.en]; });
    facetBox(state, box, 'status', '规划状态 <span class="hm-en">Status in the plan</span>', statusKeys, statusLabels);
    var progressLabels = {};
    progressKeys.forEach(function (k) {
      var e = state.plan.filter(function (x) { return HM.progressOf(x.props) === k; })[0];
      progressLabels[k] = e ? HM.progressLabel(cfg, e.props) : cfg.progress[k];
    });
    facetBox(state, box, 'progress', '进展 <span class="hm-en">Progress since the plan</span>', progressKeys, progressLabels);
    var reset = L.DomUtil.create('button', 'hm-btn hm-reset', box);
    reset.type = 'button';
    reset.innerHTML = '全部显示 <span class="hm-en">Show all statuses</span>';
    L.DomEvent.on(reset, 'click', function () { state.clearFilters(); });
  }

  function timeline(state) {
    var box = state.filterBox, restored = state.restored || {};
    var span = years(state);
    state.yearRange = span;
    state.year = restored.year && restored.year >= span[0] && restored.year <= span[1] ? restored.year : null;
    if (!box) { return; }
    var fs = L.DomUtil.create('fieldset', 'hm-fs hm-time', box);
    fs.innerHTML = '<legend>时间轴 <span class="hm-en">Timeline: network and plan as of a year</span></legend>';
    var row = L.DomUtil.create('div', 'hm-time-row', fs);
    var input = L.DomUtil.create('input', 'hm-year', row);
    input.type = 'range'; input.min = span[0]; input.max = span[1] + 1; input.step = 1; input.id = 'hm-year';
    input.value = state.year || span[1] + 1;
    input.setAttribute('aria-label', '年份 Year (rightmost: all years)');
    function text() { return state.year ? String(state.year) : '全部 all years'; }
    input.setAttribute('aria-valuetext', text());
    var all = L.DomUtil.create('button', 'hm-btn hm-year-all', row);
    all.type = 'button'; all.innerHTML = '全部 <span class="hm-en">All</span>';
    var out = L.DomUtil.create('output', 'hm-year-out', fs);
    out.htmlFor = 'hm-year';
    state.yearOut = out;
    state.yearInput = input;
    function set(v) {
      state.year = v > span[1] ? null : v;
      input.value = state.year || span[1] + 1;
      input.setAttribute('aria-valuetext', text());
      state.onChange();
    }
    input.addEventListener('input', function () { set(+input.value); });
    L.DomEvent.on(all, 'click', function () { set(span[1] + 1); });
    state.setYear = function (y) { set(y === null ? span[1] + 1 : y); };
  }

  HM.modules.push(function (state) {
    filters(state);
    timeline(state);
    state.applyFilters = function () { apply(state); };
    state.clearFilters = function () {
      Object.keys(state.statusOn).forEach(function (k) { state.statusOn[k] = true; });
      Object.keys(state.progressOn).forEach(function (k) { state.progressOn[k] = true; });
      state.facetInputs.forEach(function (f) { f.input.checked = true; });
      state.year = null;
      if (state.yearInput) { state.yearInput.value = state.yearRange[1] + 1; state.yearInput.setAttribute('aria-valuetext', '全部 all years'); }
      state.onChange();
    };
  });
}(window));
