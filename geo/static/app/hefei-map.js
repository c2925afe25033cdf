/*
 * Hefei YRD-integration plan maps: the project's own Leaflet code (MIT licence).
 *
 * geo/maps.py emits one style table (cfg.style) and one plain GeoJSON
 * FeatureCollection per layer; everything here looks a feature's style up by
 * layer x kind x status, so no style object is repeated per feature. Every
 * value taken from the data goes through esc() before it reaches innerHTML,
 * or is set with textContent.
 */
(function (global) {
  'use strict';

  var L = global.L;
  var HM = { maps: [] };
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  function esc(value) {
    if (value === null || value === undefined) { return ''; }
    return String(value).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }
  HM.esc = esc;

  function num(value, digits) {
    if (value === null || value === undefined || value === '' || !isFinite(value)) { return '–'; }
    return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function bi(zh, en) {
    return esc(zh) + (en ? ' <span class="hm-en">' + esc(en) + '</span>' : '');
  }

  var POPUP = { maxWidth: 380, minWidth: 260, className: 'hm-popup', autoPanPaddingTopLeft: [60, 95], autoPanPaddingBottomRight: [330, 30] };

  var PANES = [['hm-ref', 350], ['hm-water', 355], ['hm-refline', 360], ['hm-network', 370], ['hm-poly', 380],
    ['hm-casing', 390], ['hm-lines', 420], ['hm-labels', 450], ['hm-measure', 640]];

  function makePanes(map) {
    PANES.forEach(function (p) {
      var pane = map.createPane(p[0]);
      pane.style.zIndex = p[1];
      if (p[0] === 'hm-labels' || p[0] === 'hm-measure') { pane.style.pointerEvents = 'none'; }
    });
  }

  // ------------------------------------------------------------- styles

  function kindOf(cfg, name, p) {
    var layer = cfg.style.layers[name];
    return (layer && layer.kinds[p.kind]) || { zh: p.kind, en: '', colour: '#666666', glyph: 'dot' };
  }

  function statusOf(cfg, p) {
    return cfg.style.statuses[p.status] || { zh: p.status, en: '', dash: null, round: false, hollow: false, opacity: 1 };
  }

  function isSchematic(cfg, p) {
    if (p.schematic !== undefined && p.schematic !== null) { return !!p.schematic; }
    var pr = cfg.style.precisions[p.precision];
    return pr ? !!pr.schematic : true;
  }

  function featureStyle(cfg, name, p) {
    var spec = cfg.style.layers[name], k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    if (spec.geometry === 'Polygon') {
      return { color: k.colour, weight: 1.6, opacity: s.opacity, dashArray: s.dash, lineCap: s.round ? 'round' : 'butt',
        fillColor: k.colour, fillOpacity: 0.35 * s.opacity };
    }
    return { color: k.colour, weight: spec.weight, opacity: s.opacity, dashArray: s.dash,
      lineCap: s.round ? 'round' : 'butt', lineJoin: 'round' };
  }

  function casingStyle(cfg, name, p) {
    var spec = cfg.style.layers[name], k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    // a pale band 6 px wider than the line or the polygon's 1.6 px outline
    return { color: k.colour, weight: (spec.geometry === 'Polygon' ? 1.6 : spec.weight) + 6,
      opacity: Math.max(0.12, 0.18 * s.opacity), lineCap: 'round', lineJoin: 'round', fill: false };
  }

  function pinHtml(cfg, colour, glyph, hollow, schematic, opacity) {
    return '<span class="hm-pin' + (hollow ? ' hm-hollow' : '') + (schematic ? ' hm-schem' : '') +
      '" style="--c:' + colour + ';opacity:' + opacity + '"><svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true">' +
      (cfg.style.glyphs[glyph] || cfg.style.glyphs.dot) + '</svg></span>';
  }

  function pinIcon(cfg, name, p) {
    var k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    return L.divIcon({
      className: 'hm-icon hm-f hm-l-' + name,
      html: pinHtml(cfg, k.colour, k.glyph, s.hollow, isSchematic(cfg, p), s.opacity),
      iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12], tooltipAnchor: [12, 0]
    });
  }

  // ------------------------------------------------------------- popups

  function row(th, td) {
    return td ? '<tr><th>' + th + '</th><td>' + td + '</td></tr>' : '';
  }

  function popupHtml(cfg, name, p) {
    var spec = cfg.style.layers[name], k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    var pr = cfg.style.precisions[p.precision] || { zh: p.precision, en: '' };
    var schem = isSchematic(cfg, p);
    var h = '<div class="hm-pop">';
    h += '<div class="hm-pop-layer">' + bi(spec.zh, spec.en) + '</div>';
    h += '<div class="hm-pop-name" lang="zh">' + esc(p.name_zh) + '</div>';
    h += '<div class="hm-pop-en">' + esc(p.name_en) + '</div><table>';
    h += row('类型 <span class="hm-en">Kind</span>', '<span class="hm-dot" style="background:' + k.colour + '"></span>' + bi(k.zh, k.en));
    h += row('状态 <span class="hm-en">Status</span>', bi(s.zh, s.en));
    h += row('目标年 <span class="hm-en">Target year</span>', esc(p.target_year));
    if (p.length_km !== undefined && p.length_km !== null) {
      h += row('长度 <span class="hm-en">Length</span>', num(p.length_km, 1) + ' km' +
        (p.length_in_hefei_km !== undefined && p.length_in_hefei_km !== null
          ? ' <span class="hm-sub">(合肥境内 <span class="hm-en">in Hefei</span> ' + num(p.length_in_hefei_km, 1) + ' km)</span>' : ''));
    }
    if (p.area_km2 !== undefined && p.area_km2 !== null) {
      h += row('面积 <span class="hm-en">Area</span>', num(p.area_km2, 1) + ' km²');
    }
    h += row('条款 <span class="hm-en">Clause</span>', '<span class="hm-clause">' + esc(p.clause) + '</span>');
    h += row('经由 <span class="hm-en">Via</span>', esc(p.via));
    h += row('改扩建 <span class="hm-en">Widens</span>', esc(p.replaces));
    h += '</table>';
    if (p.quote) { h += '<blockquote class="hm-quote" lang="zh">“' + esc(p.quote) + '”</blockquote>'; }
    h += '<div class="hm-prec">' + (schem ? '<span class="hm-badge">示意 schematic</span> ' : '') +
      '精度 <span class="hm-en">Precision</span>: ' + bi(pr.zh, pr.en) + '</div>';
    if (p.coord_source) {
      h += '<div class="hm-src">坐标来源 <span class="hm-en">Source</span>: ' + esc(p.coord_source) +
        (p.accuracy_m ? ' (±' + num(p.accuracy_m, 0) + ' m)' : '') + '</div>';
    }
    if (p.note) { h += '<div class="hm-note">' + esc(p.note) + '</div>'; }
    h += '<div class="hm-id">' + esc(p.id) + '</div></div>';
    return h;
  }
  HM.popupHtml = popupHtml;

  function tooltipHtml(cfg, name, p) {
    var k = kindOf(cfg, name, p), s = statusOf(cfg, p);
    return '<b>' + esc(p.name_zh) + '</b> ' + esc(p.name_en) + '<br><span class="hm-sub">' + esc(k.zh) + ' · ' +
      esc(s.zh) + (isSchematic(cfg, p) ? ' · 示意 schematic' : '') + '</span>';
  }

  function refPopup(title, p, extra) {
    return '<div class="hm-pop"><div class="hm-pop-layer">' + title + '</div><div class="hm-pop-name">' +
      esc(p.name_zh) + '</div><div class="hm-pop-en">' + esc(p.name_en) + '</div><table>' + (extra || '') +
      '</table><div class="hm-prec">' + (p.precision === 'schematic' ? '<span class="hm-badge">示意 schematic</span> ' : '') +
      '精度 <span class="hm-en">Precision</span>: ' + esc(p.precision) + '</div><div class="hm-src">来源 <span class="hm-en">Source</span>: ' +
      esc(p.source) + '</div></div>';
  }

  // ------------------------------------------------------------- existing network

  function networkMode(cfg, p) {
    return cfg.network.modes[p.mode] || [p.mode, ''];
  }

  function networkStyle(cfg, p) {
    var R = cfg.reference;
    return L.extend({ lineCap: 'butt', lineJoin: 'round' }, R['network_' + p.mode] || R.network_road);
  }

  function networkLength(p) {
    if (p.length_km === undefined || p.length_km === null) { return ''; }
    return num(p.length_km, 1) + ' km' + (p.length_in_hefei_km !== undefined && p.length_in_hefei_km !== null
      ? ' <span class="hm-sub">(合肥境内 <span class="hm-en">in Hefei</span> ' + num(p.length_in_hefei_km, 1) + ' km)</span>' : '');
  }

  function networkPopup(cfg, p) {
    var m = networkMode(cfg, p), pr = cfg.network.precisions[p.precision] || [p.precision, '', false];
    var h = '<div class="hm-pop hm-pop-net"><div class="hm-pop-layer">现状路网 <span class="hm-en">Existing network (not in the plan)</span></div>';
    h += '<div class="hm-pop-name" lang="zh">' + esc(p.name_zh) + '</div><div class="hm-pop-en">' + esc(p.name_en) + '</div><table>';
    h += row('类型 <span class="hm-en">Mode</span>', bi(m[0], m[1]));
    h += row('编号 <span class="hm-en">Ref</span>', esc(p.ref));
    h += row('长度 <span class="hm-en">Length</span>', networkLength(p));
    h += row('通车 <span class="hm-en">Opened</span>', esc(p.opened));
    h += row('经由 <span class="hm-en">Via</span>', esc(p.via));
    h += '</table><div class="hm-prec">' + (pr[2] ? '<span class="hm-badge">示意 schematic</span> ' : '') +
      '精度 <span class="hm-en">Precision</span>: ' + bi(pr[0], pr[1]) + '</div>';
    h += '<div class="hm-src">来源 <span class="hm-en">Source</span>: ' + esc(p.source) + '</div>';
    if (p.note) { h += '<div class="hm-note">' + esc(p.note) + '</div>'; }
    return h + '<div class="hm-id">' + esc(p.id) + '</div></div>';
  }
  HM.networkPopup = networkPopup;

  function networkTooltip(cfg, p) {
    var m = networkMode(cfg, p);
    return '<b>' + esc(p.name_zh) + '</b> ' + esc(p.name_en) + '<br><span class="hm-sub">' + esc(m[0]) + ' ' + esc(m[1]) +
      (p.ref ? ' · ' + esc(p.ref) : '') + (p.length_km !== undefined && p.length_km !== null ? ' · ' + num(p.length_km, 1) + ' km' : '') + '</span>';
  }

  // The railways and expressways open today, muted grey under the plan; railways get
  // a thin white dash over a dark grey line so that the two modes differ without colour.
  function makeNetwork(state, fc) {
    var cfg = state.cfg, R = cfg.reference, entries = [];
    var lines = L.geoJSON(fc, {
      pane: 'hm-network',
      style: function (f) { return L.extend(networkStyle(cfg, f.properties), { className: 'hm-net hm-net-' + f.properties.mode }); },
      onEachFeature: function (f, lyr) {
        var p = f.properties;
        lyr.bindPopup(function () { return networkPopup(cfg, p); }, POPUP);
        lyr.bindTooltip(networkTooltip(cfg, p), { sticky: true, direction: 'top', className: 'hm-tip' });
        lyr.on('mouseover', function () { lyr.setStyle({ weight: networkStyle(cfg, p).weight + 1.5, opacity: 1 }); });
        lyr.on('mouseout', function () { lyr.setStyle(networkStyle(cfg, p)); });
        var entry = { zh: p.name_zh, en: p.name_en, id: p.id, layer: lyr, group: null,
          where: '现状路网 existing network (' + networkMode(cfg, p)[1] + ')' };
        indexFeature(state, entry);
        entries.push(entry);
      }
    });
    var dashes = L.geoJSON(fc, {
      pane: 'hm-network', interactive: false,
      filter: function (f) { return !!R['network_' + f.properties.mode + '_dash']; },
      style: function (f) {
        return L.extend({ lineCap: 'butt', lineJoin: 'round', className: 'hm-net-dash' }, R['network_' + f.properties.mode + '_dash']);
      }
    });
    var group = L.featureGroup([lines, dashes]);
    if (cfg.network.visible) { group.addTo(state.map); }  // context for transport; off elsewhere
    entries.forEach(function (e) { e.group = group; });  // search turns the layer back on
    state.networkLayer = lines;
    return group;
  }

  // ------------------------------------------------------------- layers

  function indexFeature(state, entry) {
    entry.text = [entry.zh, entry.en, entry.id].join(' ').toLowerCase();
    state.index.push(entry);
  }

  function makeLayer(state, name, fc) {
    var cfg = state.cfg, spec = cfg.style.layers[name], map = state.map;
    var cls = 'hm-f hm-l-' + name;
    var group = L.featureGroup();
    if (spec.geometry !== 'Point') {
      group.addLayer(L.geoJSON(fc, {
        filter: function (f) { return isSchematic(cfg, f.properties); },
        interactive: false, pane: 'hm-casing', className: 'hm-casing hm-l-' + name,
        style: function (f) { return casingStyle(cfg, name, f.properties); }
      }));
    }
    var main = L.geoJSON(fc, {
      pane: spec.geometry === 'Polygon' ? 'hm-poly' : 'hm-lines',
      className: cls,
      style: function (f) { return featureStyle(cfg, name, f.properties); },
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, { icon: pinIcon(cfg, name, f.properties), riseOnHover: true,
          alt: String(f.properties.name_zh || '') + ' ' + String(f.properties.name_en || '') });
      },
      onEachFeature: function (f, lyr) {
        var p = f.properties;
        lyr.bindPopup(function () { return popupHtml(cfg, name, p); }, POPUP);
        lyr.bindTooltip(tooltipHtml(cfg, name, p), { sticky: spec.geometry !== 'Point', direction: 'top', className: 'hm-tip' });
        if (lyr.setStyle) {
          lyr.on('mouseover', function () { lyr.setStyle({ weight: featureStyle(cfg, name, p).weight + 2.5 }); });
          lyr.on('mouseout', function () { lyr.setStyle({ weight: featureStyle(cfg, name, p).weight }); });
        }
        indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.id, layer: lyr, group: group,
          where: spec.zh + ' ' + spec.en });
      }
    });
    group.addLayer(main);
    group.addTo(map);
    return group;
  }

  function label(latlng, html, cls) {
    return L.marker(latlng, { icon: L.divIcon({ className: 'hm-label ' + cls, html: html, iconSize: null }),
      interactive: false, keyboard: false, pane: 'hm-labels' });
  }

  function makeReference(state, data) {
    var cfg = state.cfg, map = state.map, ref = {}, R = cfg.reference;
    if (data.counties) {
      var labels = L.layerGroup();
      var counties = L.geoJSON(data.counties, {
        pane: 'hm-ref', className: 'hm-county',
        style: function (f) { return countyStyle(state, f.properties); },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          lyr.bindTooltip(esc(p.name_zh) + ' ' + esc(p.name_en), { sticky: true, className: 'hm-tip', direction: 'top' });
          lyr.on('click', function () { if (state.showDensity) { state.showDensity(p.adcode); } });
          if (p.label) {
            labels.addLayer(label(p.label, esc(p.name_zh) + '<span>' + esc(p.name_en) + '</span>',
              'hm-label-county' + (p.small ? ' hm-label-small' : '')));
          }
          indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.adcode, layer: lyr, group: null,
            where: '县区 county-level unit', popup: refPopup('县区 <span class="hm-en">County-level unit</span>', p,
              row('面积 <span class="hm-en">Area</span>', num(p.area_km2, 0) + ' km²')) });
        }
      });
      ref.counties = L.featureGroup([counties, labels]).addTo(map);
      state.countyLayer = counties;
    }
    if (data.boundary) {
      ref.boundary = L.geoJSON(data.boundary, { pane: 'hm-refline', interactive: false, className: 'hm-boundary',
        style: function () { return R.boundary; } }).addTo(map);
    }
    if (data.orientation) {
      var olabels = L.layerGroup();
      var orient = L.geoJSON(data.orientation, {
        pane: 'hm-water', interactive: false, className: 'hm-water',
        style: function (f) { return R[f.properties.kind] || R.river; },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          lyr.bindPopup(refPopup('巢湖与河流 <span class="hm-en">Chaohu and rivers</span>', p), POPUP);
          if (p.label) {
            olabels.addLayer(label(p.label, esc(p.name_zh) + '<span>' + esc(p.name_en) + '</span>',
              'hm-label-water hm-label-' + p.kind));
          }
          indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.kind, layer: lyr, group: null,
            where: '巢湖与河流 orientation (schematic)' });
        }
      });
      ref.orientation = L.featureGroup([orient, olabels]).addTo(map);
      state.orientationLayer = orient;
    }
    return ref;
  }

  // ------------------------------------------------------------- density

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

  function countyStyle(state, p) {
    var cfg = state.cfg, base = L.extend({}, cfg.reference.county);
    if (cfg.density && state.scenario) {
      var sc = cfg.density.scenarios[state.scenario] || {};
      var cl = classOf(cfg, shortfall(cfg, sc[p.adcode]));
      if (cl) { base.fillColor = cl[1]; base.fillOpacity = 0.5; }
    }
    if (state.selected === p.adcode) { base.weight = 3; base.color = '#222222'; }
    return base;
  }

  function densityTable(state, areaId) {
    var cfg = state.cfg, d = cfg.density, t = d.targets, h = '';
    var first = d.order.length ? d.scenarios[d.order[0]][areaId] || {} : {};
    h += '<div class="hm-dens-area">' + bi(first.name_zh || areaId, first.name_en) +
      (first.area_km2 ? ' <span class="hm-sub">' + num(first.area_km2, 0) + ' km²</span>' : '') + '</div>';
    h += '<table class="hm-dens"><thead><tr><th>情景 <span class="hm-en">Scenario</span></th>' +
      '<th>铁路 <span class="hm-en">Rail</span><br><span class="hm-unit">km/万km²</span></th><th>缺口 <span class="hm-en">gap</span><br><span class="hm-unit">km</span></th>' +
      '<th>高速 <span class="hm-en">Expwy</span><br><span class="hm-unit">km/百km²</span></th><th>缺口 <span class="hm-en">gap</span><br><span class="hm-unit">km</span></th></tr></thead><tbody>';
    h += '<tr class="hm-target"><td>2025 目标 <span class="hm-en">target</span></td><td>' + num(t.rail_density_per_10k_km2, 0) +
      '</td><td></td><td>' + num(t.expressway_density_per_100_km2, 2) + '</td><td></td></tr>';
    d.order.forEach(function (key) {
      var a = (d.scenarios[key] || {})[areaId] || {}, lab = cfg.scenarioLabels[key] || [key, ''];
      var railOk = a.rail_density_per_10k_km2 >= t.rail_density_per_10k_km2;
      var expOk = a.expressway_density_per_100_km2 >= t.expressway_density_per_100_km2;
      h += '<tr' + (key === state.scenario ? ' class="hm-cur"' : '') + '><td>' + bi(lab[0], lab[1]) + '</td>' +
        '<td class="' + (railOk ? 'hm-ok' : '') + '">' + num(a.rail_density_per_10k_km2, 0) + '</td><td>' + num(a.rail_gap_km, 1) + '</td>' +
        '<td class="' + (expOk ? 'hm-ok' : '') + '">' + num(a.expressway_density_per_100_km2, 2) + '</td><td>' + num(a.expressway_gap_km, 1) + '</td></tr>';
    });
    return h + '</tbody></table>';
  }

  function densityPanel(state) {
    var cfg = state.cfg, map = state.map;
    if (!cfg.density) { return; }
    var Panel = L.Control.extend({
      options: { position: 'bottomleft' },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'hm-panel hm-density-panel');
        L.DomEvent.disableClickPropagation(c);
        L.DomEvent.disableScrollPropagation(c);
        var det = L.DomUtil.create('details', '', c);
        det.open = true;
        var sum = L.DomUtil.create('summary', '', det);
        sum.innerHTML = '路网密度 <span class="hm-en">Network density vs 2025 targets</span>';
        var body = L.DomUtil.create('div', 'hm-dens-body', det);
        var foot = L.DomUtil.create('div', 'hm-dens-foot', det);
        var sel = L.DomUtil.create('select', 'hm-dens-sel', null);
        sel.setAttribute('aria-label', 'Scenario shown on the map');
        cfg.density.order.forEach(function (key) {
          var o = document.createElement('option'), lab = cfg.scenarioLabels[key] || [key, ''];
          o.value = key; o.textContent = lab[0] + ' ' + lab[1];
          if (key === state.scenario) { o.selected = true; }
          sel.appendChild(o);
        });
        var legend = '<div class="hm-choro">';
        cfg.choropleth.classes.forEach(function (cl) {
          legend += '<span class="hm-choro-c"><i style="background:' + cl[1] + '"></i>' + bi(cl[2], cl[3]) + '</span>';
        });
        legend += '</div>';
        foot.innerHTML = '<div class="hm-dens-hint">县区按铁路密度缺口着色 <span class="hm-en">Units shaded by shortfall against the rail target (' +
          num(cfg.density.targets.rail_density_per_10k_km2, 0) + ' km/万km²), scenario:</span></div>';
        foot.appendChild(sel);
        foot.insertAdjacentHTML('beforeend', legend + '<div class="hm-dens-hint">点击县区查看其数据 <span class="hm-en">Click a county-level unit for its figures;</span> <a href="#" class="hm-dens-city">全市 <span class="hm-en">whole city</span></a></div>');
        L.DomEvent.on(sel, 'change', function () {
          state.scenario = sel.value;
          if (state.countyLayer) { state.countyLayer.setStyle(function (f) { return countyStyle(state, f.properties); }); }
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
          if (state.countyLayer) { state.countyLayer.setStyle(function (f) { return countyStyle(state, f.properties); }); }
        };
        state.showDensity('hefei');
        return c;
      }
    });
    new Panel().addTo(map);
  }

  // ------------------------------------------------------------- controls

  function searchControl(state) {
    var map = state.map;
    var Search = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'hm-search leaflet-bar');
        var input = L.DomUtil.create('input', 'hm-search-input', c);
        input.type = 'search';
        input.placeholder = '搜索名称 Search by name';
        input.setAttribute('aria-label', 'Search features by Chinese or English name');
        var list = L.DomUtil.create('ul', 'hm-search-list', c);
        L.DomEvent.disableClickPropagation(c);
        L.DomEvent.disableScrollPropagation(c);
        var hits = [];
        function choose(e) {
          if (e.group && !map.hasLayer(e.group)) { map.addLayer(e.group); }
          var lyr = e.layer;
          if (lyr.getLatLng) { map.setView(lyr.getLatLng(), Math.max(map.getZoom(), 11)); }
          else { map.fitBounds(lyr.getBounds(), { maxZoom: 12, padding: [60, 60] }); }
          if (e.popup && !lyr.getPopup()) { lyr.bindPopup(e.popup, POPUP); }
          if (lyr.getPopup()) { lyr.openPopup(); }
          // clear the list after this click has finished bubbling (a detached target
          // would make Leaflet take the click for a map click and close the popup)
          setTimeout(function () { list.textContent = ''; }, 0);
        }
        function render() {
          list.textContent = '';
          var q = input.value.trim().toLowerCase();
          if (!q) { return; }
          hits = state.index.filter(function (e) { return e.text.indexOf(q) >= 0; }).slice(0, 12);
          if (!hits.length) {
            var none = L.DomUtil.create('li', 'hm-search-none', list);
            none.textContent = '无结果 no match';
            return;
          }
          hits.forEach(function (e) {
            var li = L.DomUtil.create('li', 'hm-search-item', list);
            var b = L.DomUtil.create('b', '', li);
            b.textContent = e.zh || '';
            li.appendChild(document.createTextNode(' ' + (e.en || '')));
            var w = L.DomUtil.create('span', 'hm-search-where', li);
            w.textContent = e.where;
            li.addEventListener('click', function (ev) { L.DomEvent.stop(ev); choose(e); });
          });
        }
        input.addEventListener('input', render);
        input.addEventListener('keydown', function (ev) {
          if (ev.key === 'Enter' && hits.length) { choose(hits[0]); }
          if (ev.key === 'Escape') { input.value = ''; list.textContent = ''; }
        });
        return c;
      }
    });
    new Search().addTo(map);
  }

  var RULER = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M3 15.5L15.5 3 21 8.5 8.5 21z M7 11.5l2 2 M9.5 9l1.5 1.5 M12 6.5l2 2 M14.5 4l1.5 1.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>';

  function measureControl(state) {
    var map = state.map;
    var Measure = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'leaflet-bar hm-measure');
        var a = L.DomUtil.create('a', 'hm-measure-btn', c);
        a.href = '#'; a.innerHTML = RULER; a.title = '测距 Measure distance'; a.setAttribute('role', 'button');
        var out = L.DomUtil.create('div', 'hm-measure-out', c);
        L.DomEvent.disableClickPropagation(c);
        var pts = [], line = null, marks = L.layerGroup(), active = false;
        function show() {
          var d = 0;
          for (var i = 1; i < pts.length; i++) { d += map.distance(pts[i - 1], pts[i]); }
          out.innerHTML = '<b>' + num(d / 1000, 2) + ' km</b><br><span class="hm-sub">点击地图加点，再点尺子结束<br>click the map to add points; click the ruler to finish</span>';
        }
        function onClick(e) {
          pts.push(e.latlng);
          L.circleMarker(e.latlng, { radius: 3.5, color: '#111', weight: 1.5, fillColor: '#fff', fillOpacity: 1, pane: 'hm-measure', interactive: false }).addTo(marks);
          line.setLatLngs(pts);
          show();
        }
        function stop() {
          active = false; map.off('click', onClick); map.doubleClickZoom.enable();
          L.DomUtil.removeClass(map.getContainer(), 'hm-measuring'); L.DomUtil.removeClass(a, 'hm-on');
          marks.clearLayers(); if (line) { map.removeLayer(line); line = null; }
          out.style.display = 'none'; pts = [];
        }
        function start() {
          active = true; pts = [];
          line = L.polyline([], { color: '#111', weight: 2, dashArray: '5 5', interactive: false, pane: 'hm-measure' }).addTo(map);
          marks.addTo(map); map.on('click', onClick); map.doubleClickZoom.disable();
          L.DomUtil.addClass(map.getContainer(), 'hm-measuring'); L.DomUtil.addClass(a, 'hm-on');
          out.style.display = 'block'; show();
        }
        L.DomEvent.on(a, 'click', function (e) { L.DomEvent.preventDefault(e); if (active) { stop(); } else { start(); } });
        out.style.display = 'none';
        return c;
      }
    });
    new Measure().addTo(map);
  }

  function legendControl(state) {
    var cfg = state.cfg;
    var Legend = L.Control.extend({
      options: { position: 'bottomright' },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'hm-panel hm-legend');
        L.DomEvent.disableClickPropagation(c);
        L.DomEvent.disableScrollPropagation(c);
        // cfg.legend is built and escaped by geo/_map_style.py
        c.innerHTML = '<details open><summary>图例 <span class="hm-en">Legend</span></summary><div class="hm-legend-body">' + cfg.legend + '</div></details>';
        return c;
      }
    });
    new Legend().addTo(state.map);
  }

  function layerLabel(key, zh, en, count) {
    return '<span class="hm-lc" data-layer="' + esc(key) + '">' + esc(zh) + ' <span class="hm-en">' + esc(en) + '</span>' +
      (count === null ? '' : ' <span class="hm-n">' + count + '</span>') + '</span>';
  }

  function treeControl(state, bases, groups, ref) {
    var cfg = state.cfg, children = [];
    cfg.chapters.forEach(function (ch) {
      children.push({
        label: '<b>' + esc(ch.zh) + '</b> <span class="hm-en">' + esc(ch.en) + '</span>', selectAllCheckbox: true,
        children: ch.layers.map(function (name) {
          var spec = cfg.style.layers[name];
          return { label: layerLabel(name, spec.zh, spec.en, cfg.counts[name]), layer: groups[name] };
        })
      });
    });
    var refs = [];
    if (ref.network) {
      refs.push({ label: layerLabel('existing_network', '现状路网', 'Existing network', cfg.network.count), layer: ref.network });
    }
    if (ref.boundary) { refs.push({ label: layerLabel('boundary', '合肥市界', 'Hefei boundary', null), layer: ref.boundary }); }
    if (ref.counties) {
      refs.push({ label: layerLabel('counties', '县区', cfg.density ? 'County-level units, density shading' : 'County-level units', null), layer: ref.counties });
    }
    if (ref.orientation) { refs.push({ label: layerLabel('orientation', '巢湖与河流', 'Chaohu & rivers (schematic)', null), layer: ref.orientation }); }
    if (refs.length) {
      children.push({ label: '<b>参考</b> <span class="hm-en">Reference</span>', selectAllCheckbox: true, children: refs });
    }
    var baseTree = {
      label: '<b>底图</b> <span class="hm-en">Basemap</span>', collapsed: true,
      children: bases.map(function (b) { return { label: b.label, layer: b.layer }; })
    };
    var ctl = L.control.layers.tree(baseTree, children, {
      collapsed: false, position: 'topright', closedSymbol: '▸', openedSymbol: '▾', spaceSymbol: ' ',
      selectorBack: false, namedToggle: false
    });
    ctl.addTo(state.map);
    L.DomUtil.addClass(ctl.getContainer(), 'hm-tree');
    return ctl;
  }

  function makeBases(state) {
    var map = state.map, out = [], chosen = null;
    state.cfg.bases.forEach(function (b) {
      var layer = b.url
        ? L.tileLayer(b.url, { attribution: b.attribution, subdomains: b.subdomains || 'abc', maxZoom: b.maxZoom || 18, detectRetina: false })
        : L.layerGroup();
      out.push({ label: esc(b.zh) + ' <span class="hm-en">' + esc(b.en) + '</span>', layer: layer, key: b.key });
      if (b['default']) { chosen = layer; }
    });
    (chosen || out[0].layer).addTo(map);
    return out;
  }

  function titleBox(state) {
    var cfg = state.cfg, box = L.DomUtil.create('div', 'hm-title', state.map.getContainer());
    box.innerHTML = '<div class="hm-title-zh">' + esc(cfg.title.zh) + '</div><div class="hm-title-en">' + esc(cfg.title.en) + '</div>' +
      (cfg.note ? '<div class="hm-datum hm-datum-' + esc(cfg.datum) + '">' + esc(cfg.note.zh) + '<br><span class="hm-en">' + esc(cfg.note.en) + '</span></div>' : '');
    L.DomEvent.disableClickPropagation(box);
  }

  function miniMap(state, data) {
    if (!L.Control.MiniMap) { return; }
    var parts = [];
    var src = data.counties || data.boundary;
    if (src) { parts.push(L.geoJSON(src, { interactive: false, style: { color: '#8a8a8a', weight: 0.8, fillColor: '#e9e5dc', fillOpacity: 1 } })); }
    if (data.orientation) {
      parts.push(L.geoJSON(data.orientation, { interactive: false, style: function (f) {
        return f.properties.kind === 'lake' ? { color: '#5b9bd5', weight: 0.6, fillColor: '#b5d8f2', fillOpacity: 1 } : { color: '#5b9bd5', weight: f.properties.kind === 'major_river' ? 2 : 0.8 };
      } }));
    }
    if (!parts.length) { return; }
    new L.Control.MiniMap(L.layerGroup(parts), {
      position: 'topleft', toggleDisplay: true, width: 150, height: 150, zoomLevelOffset: -3, minimized: false,
      aimingRectOptions: { color: '#c0392b', weight: 1.5, fillOpacity: 0.06, interactive: false },
      shadowRectOptions: { color: '#000', weight: 1, opacity: 0, fillOpacity: 0, interactive: false },
      strings: { hideText: '隐藏小地图 Hide mini-map', showText: '显示小地图 Show mini-map' }
    }).addTo(state.map);
  }

  function zoomClasses(map) {
    function update() {
      var z = map.getZoom(), c = map.getContainer();
      L.DomUtil[z < 10 ? 'addClass' : 'removeClass'](c, 'hm-z-lt10');
      L.DomUtil[z < 9 ? 'addClass' : 'removeClass'](c, 'hm-z-lt9');
    }
    map.on('zoomend', update);
    update();
  }

  HM.build = function (map, cfg, data) {
    var state = { map: map, cfg: cfg, index: [], groups: {}, scenario: cfg.density ? cfg.choropleth.scenario : null, selected: null };
    L.DomUtil.addClass(map.getContainer(), 'hm-map');
    makePanes(map);
    // keep the city clear of the panels where the window is wide enough for that
    var size = map.getSize(), wide = size.x > 1100 && size.y > 640;
    map.fitBounds(cfg.bounds, wide ? { paddingTopLeft: [cfg.density ? 200 : 180, 70], paddingBottomRight: [300, 10] }
      : { padding: [8, 8] });
    var bases = makeBases(state);
    var ref = makeReference(state, data);
    cfg.chapters.forEach(function (ch) {
      ch.layers.forEach(function (name) { state.groups[name] = makeLayer(state, name, data.layers[name]); });
    });
    // after the plan's layers, so that search lists plan projects before existing lines
    if (data.network && cfg.network) { ref.network = makeNetwork(state, data.network); }
    titleBox(state);
    L.control.fullscreen({ position: 'topleft', title: '全屏 Full screen', titleCancel: '退出全屏 Exit full screen', forceSeparateButton: true }).addTo(map);
    searchControl(state);
    measureControl(state);
    state.tree = treeControl(state, bases, state.groups, ref);
    legendControl(state);
    miniMap(state, data);
    L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: 140 }).addTo(map);
    densityPanel(state);
    zoomClasses(map);
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="Leaflet">Leaflet</a>');
      map.attributionControl.addAttribution(cfg.attribution);
    }
    state.readyAt = global.performance ? global.performance.now() : null;
    state.ready = true;
    HM.maps.push(state);
    return state;
  };

  global.HefeiMap = HM;
}(window));
