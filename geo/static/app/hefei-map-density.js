/*
 * Hefei plan maps: the density panel and the county choropleth (MIT licence).
 *
 * Only on maps with railways and expressways (geo/maps/_page.py leaves cfg.density
 * out elsewhere). Shows, when the density results carry it, the plain answer to
 * "did Hefei reach its targets": 2020 / 2025 / today, met or not, first year met;
 * then the figures per scenario. A negative gap is a surplus and is worded
 * "target exceeded by N km".
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap, esc = HM.esc, bi = HM.bi, num = HM.num;

  function shortfall(cfg, area) {
    var target = cfg.density.targets.rail_density_per_10k_km2;
    if (!area || area.rail_density_per_10k_km2 === null || area.rail_density_per_10k_km2 === undefined || !target) { return null; }
    return (target - area.rail_density_per_10k_km2) / target * 100;
  }

  function classOf(cfg, value) {
    var classes = cfg.choropleth.classes;
    if (value === null) { return null; }
    if (value <= classes[0][0]) { return classes[0]; }
    for (var i = 1; i < classes.length; i++) {
      if (value < classes[i][0]) { return classes[i]; }
    }
    return classes[classes.length - 1];
  }

  HM.countyStyle = function (state, p) {
    var cfg = state.cfg, base = L.extend({}, cfg.reference.county);
    if (cfg.density && state.scenario) {
      var sc = cfg.density.scenarios[state.scenario] || {};
      var cl = classOf(cfg, shortfall(cfg, sc[p.adcode]));
      if (cl) { base.fillColor = cl[1]; base.fillOpacity = 0.5; }
    }
    if (state.selected === p.adcode) { base.weight = 3; base.color = '#222222'; }
    return base;
  };

  // A gap is what is missing to the target; a negative one is a surplus.
  function gap(value) {
    if (value === null || value === undefined || !isFinite(value)) { return '–'; }
    if (value < 0) { return '<span class="hm-ok" lang="en">target exceeded by ' + num(-value, 1) + ' km</span>'; }
    if (value === 0) { return '<span class="hm-ok" lang="en">target met</span>'; }
    return '<span lang="en">short by ' + num(value, 1) + ' km</span>';
  }
  HM.gapText = gap;

  function answerTable(state, areaId) {
    var tl = state.cfg.density.timeline;
    if (!tl || !tl.areas[areaId]) { return ''; }
    var a = tl.areas[areaId], h = '<div class="hm-answer"><div class="hm-answer-h">目标达成了吗？ <span class="hm-en">Did ' +
      esc(a.name_en || 'it') + ' reach its targets?</span></div><table class="hm-dens hm-answer-t"><thead><tr><th scope="col">网络 <span class="hm-en">Network</span></th>';
    tl.scenarios.forEach(function (k) {
      var lab = state.cfg.density.labels[k] || [k, ''];
      h += '<th scope="col">' + bi(lab[0], lab[1]) + '</th>';
    });
    h += '<th scope="col">首次达标 <span class="hm-en">First met</span></th></tr></thead><tbody>';
    [['rail', '铁路', 'Railways', 0], ['expressway', '高速公路', 'Expressways', 2]].forEach(function (m) {
      var spec = a[m[0]];
      if (!spec) { return; }
      h += '<tr><th scope="row">' + bi(m[1], m[2]) + '<div class="hm-unit">目标 <span class="hm-en">target</span> ' + num(spec.target, m[3]) + ' ' + esc(spec.unit) + '</div></th>';
      tl.scenarios.forEach(function (k) {
        var met = spec.met[k];
        h += '<td class="' + (met ? 'hm-ok' : met === false ? 'hm-no' : '') + '">' + num(spec.density[k], m[3]) + '<br>' +
          (met ? '✓ 达标 <span class="hm-en">met</span>' : met === false ? '✗ 未达标 <span class="hm-en">not met</span>' : '–') + '</td>';
      });
      h += '<td>' + (spec.first_met_year ? esc(spec.first_met_year) : '尚未 <span class="hm-en">not yet</span>') +
        (spec.first_met_note ? '<div class="hm-sub">' + esc(spec.first_met_note) + '</div>' : '') + '</td></tr>';
      if (spec.undated_km) {
        h += '<tr><td colspan="' + (tl.scenarios.length + 2) + '" class="hm-sub">' + num(spec.undated_km, 1) +
          ' km 开通年份未知 <span class="hm-en">of ' + esc(m[2].toLowerCase()) + ' have no known opening year</span></td></tr>';
      }
    });
    return h + '</tbody></table></div>';
  }

  function densityTable(state, areaId) {
    var cfg = state.cfg, d = cfg.density, t = d.targets, h = '';
    var first = d.order.length ? d.scenarios[d.order[0]][areaId] || {} : {};
    h += '<div class="hm-dens-area">' + bi(first.name_zh || areaId, first.name_en) +
      (first.area_km2 ? ' <span class="hm-sub">' + num(first.area_km2, 0) + ' km²</span>' : '') + '</div>';
    h += answerTable(state, areaId);
    h += '<table class="hm-dens"><thead><tr><th scope="col">情景 <span class="hm-en">Scenario</span></th>' +
      '<th scope="col">铁路 <span class="hm-en">Rail</span><br><span class="hm-unit">km/万km²</span></th><th scope="col">差距 <span class="hm-en">gap</span></th>' +
      '<th scope="col">高速 <span class="hm-en">Expwy</span><br><span class="hm-unit">km/百km²</span></th><th scope="col">差距 <span class="hm-en">gap</span></th></tr></thead><tbody>';
    h += '<tr class="hm-target"><td>2025 目标 <span class="hm-en">target</span></td><td>' + num(t.rail_density_per_10k_km2, 0) +
      '</td><td></td><td>' + num(t.expressway_density_per_100_km2, 2) + '</td><td></td></tr>';
    d.order.forEach(function (key) {
      var a = (d.scenarios[key] || {})[areaId] || {}, lab = d.labels[key] || [key, ''];
      var railOk = a.rail_density_per_10k_km2 >= t.rail_density_per_10k_km2;
      var expOk = a.expressway_density_per_100_km2 >= t.expressway_density_per_100_km2;
      h += '<tr' + (key === state.scenario ? ' class="hm-cur"' : '') + '><td>' + bi(lab[0], lab[1]) + '</td>' +
        '<td class="' + (railOk ? 'hm-ok' : '') + '">' + num(a.rail_density_per_10k_km2, 0) + '</td><td class="hm-gap">' + gap(a.rail_gap_km) + '</td>' +
        '<td class="' + (expOk ? 'hm-ok' : '') + '">' + num(a.expressway_density_per_100_km2, 2) + '</td><td class="hm-gap">' + gap(a.expressway_gap_km) + '</td></tr>';
    });
    return h + '</tbody></table>';
  }

  function densityPanel(state) {
    var cfg = state.cfg;
    if (!cfg.density) { return; }
    HM.panel(state, {
      key: 'density', position: 'bottomleft', icon: 'density', zh: '路网密度', en: 'Network density vs targets', open: true,
      className: 'hm-density-panel',
      build: function (wrap) {
        var body = L.DomUtil.create('div', 'hm-dens-body', wrap);
        body.tabIndex = 0;
        body.setAttribute('role', 'group');
        body.setAttribute('aria-label', '路网密度 Network density (scrollable)');
        var foot = L.DomUtil.create('div', 'hm-dens-foot', wrap);
        var label = L.DomUtil.create('label', 'hm-dens-hint', foot);
        label.htmlFor = 'hm-dens-sel';
        label.innerHTML = '县区按铁路密度缺口着色 <span class="hm-en">Units shaded by shortfall against the rail target (' +
          num(cfg.density.targets.rail_density_per_10k_km2, 0) + ' km/万km²), scenario:</span>';
        var sel = L.DomUtil.create('select', 'hm-dens-sel', foot);
        sel.id = 'hm-dens-sel';
        cfg.density.order.forEach(function (key) {
          var o = document.createElement('option'), lab = cfg.density.labels[key] || [key, ''];
          o.value = key; o.textContent = lab[0] + ' ' + lab[1];
          if (key === state.scenario) { o.selected = true; }
          sel.appendChild(o);
        });
        var legend = '<div class="hm-choro">';
        cfg.choropleth.classes.forEach(function (cl) {
          legend += '<span class="hm-choro-c"><i style="background:' + cl[1] + '"></i>' + bi(cl[2], cl[3]) + '</span>';
        });
        legend += '</div>';
        foot.insertAdjacentHTML('beforeend', legend + '<div class="hm-dens-hint">点击县区查看其数据 <span class="hm-en">Click a county-level unit for its figures;</span> <button type="button" class="hm-link hm-dens-city">全市 <span class="hm-en">whole city</span></button></div>');
        L.DomEvent.on(sel, 'change', function () {
          state.scenario = sel.value;
          if (state.countyLayer) { state.countyLayer.setStyle(function (f) { return HM.countyStyle(state, f.properties); }); }
          state.showDensity(state.selected || 'hefei');
        });
        L.DomEvent.on(foot.querySelector('.hm-dens-city'), 'click', function (e) {
          L.DomEvent.preventDefault(e);
          state.showDensity('hefei');
        });
        state.showDensity = function (areaId) {
          state.selected = areaId === 'hefei' ? null : areaId;
          body.innerHTML = densityTable(state, areaId);
          body.setAttribute('data-area', areaId);
          if (state.countyLayer) { state.countyLayer.setStyle(function (f) { return HM.countyStyle(state, f.properties); }); }
        };
        state.showDensity('hefei');
      }
    });
  }

  HM.modules.push(densityPanel);
}(window));
