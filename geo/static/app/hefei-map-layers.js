/*
 * Hefei plan maps: the Leaflet layers drawn from the page's GeoJSON: the plan's layers,
 * the existing network, the reference layers and base maps (MIT licence).
 *
 * The plan's layers (one feature group per layer: casing and markings under the
 * line, overlays above it, spread pins), the existing network, the reference
 * layers (boundary, county-level units with labels, Chaohu and rivers) and the
 * base maps. Each feature is indexed for search, filters and permalinks. The
 * FeatureCollections are the ones geo/maps/_geojson.py writes.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    esc = HM.esc, num = HM.num, POPUP = HM.POPUP, row = HM.row, nameLayer = HM.nameLayer,
    kindOf = HM.kindOf, statusOf = HM.statusOf, progressLabel = HM.progressLabel,
    isSchematic = HM.isSchematic, strokes = HM.strokes, mainStyle = HM.mainStyle,
    markStrokes = HM.markStrokes, hitSize = HM.hitSize, pinIcon = HM.pinIcon,
    networkStyle = HM.networkStyle, networkMode = HM.networkMode, networkPopup = HM.networkPopup,
    networkTooltip = HM.networkTooltip, popupHtml = HM.popupHtml, tooltipHtml = HM.tooltipHtml,
    accessibleName = HM.accessibleName, refPopup = HM.refPopup;

  // The railways and expressways open today, muted grey under the plan; railways get
  // a thin white dash over a dark grey line so that the two modes differ without colour.
  function makeNetwork(state, fc) {
    var cfg = state.cfg, R = cfg.reference, group = L.featureGroup();
    fc.features.forEach(function (f) {
      var p = f.properties, parts = [];
      var line = L.geoJSON(f, {
        pane: 'hm-network',
        style: function () { return L.extend(networkStyle(cfg, p), { className: 'hm-net hm-net-' + p.mode }); },
        onEachFeature: function (ff, lyr) {
          lyr.bindPopup(function () { return networkPopup(cfg, p); }, POPUP);
          lyr.bindTooltip(networkTooltip(cfg, p), { sticky: true, direction: 'top', className: 'hm-tip' });
          lyr.on('mouseover', function () { lyr.setStyle({ weight: networkStyle(cfg, p).weight + 1.5, opacity: 1 }); });
          lyr.on('mouseout', function () { lyr.setStyle(networkStyle(cfg, p)); });
          nameLayer(lyr, [p.name_zh, p.name_en, '— existing', p.mode].join(' '));
        }
      });
      parts.push(line);
      if (R['network_' + p.mode + '_dash']) {
        parts.push(L.geoJSON(f, { pane: 'hm-network', interactive: false,
          style: function () { return L.extend({ lineCap: 'butt', lineJoin: 'round', className: 'hm-net-dash' }, R['network_' + p.mode + '_dash']); } }));
      }
      var main = line.getLayers()[0];
      var entry = { id: p.id, zh: p.name_zh, en: p.name_en, layer: main, parts: parts, group: group, name: 'existing_network',
        props: p, network: true, where: '现状路网 existing network (' + networkMode(cfg, p)[1] + ')',
        extra: [p.ref, p.mode, networkMode(cfg, p)[0], networkMode(cfg, p)[1]] };
      HM.indexFeature(state, entry);
      parts.forEach(function (x) { group.addLayer(x); });
    });
    return group;
  }

  // Markers at the same position are spread on a small circle so that none hides another.
  function spreadOffsets(data) {
    var groups = {}, out = {};
    Object.keys(data.layers).forEach(function (name) {
      data.layers[name].features.forEach(function (f) {
        if (f.geometry.type !== 'Point') { return; }
        var key = f.geometry.coordinates[0].toFixed(4) + ',' + f.geometry.coordinates[1].toFixed(4);
        (groups[key] = groups[key] || []).push(f.properties.id);
      });
    });
    var size = hitSize();
    Object.keys(groups).forEach(function (key) {
      var ids = groups[key], n = ids.length;
      if (n === 1) { out[ids[0]] = [0, 0]; return; }
      var r = Math.max(size / 2 + 2, (size + 4) / (2 * Math.sin(Math.PI / n)));
      ids.forEach(function (id, i) {
        var a = -Math.PI / 2 + 2 * Math.PI * i / n;
        out[id] = [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))];
      });
    });
    return out;
  }

  function makeLayer(state, name, fc, offsets) {
    var cfg = state.cfg, spec = cfg.style.layers[name], group = L.featureGroup();
    var linePane = spec.geometry === 'Polygon' ? 'hm-poly' : 'hm-lines';
    fc.features.forEach(function (f) {
      var p = f.properties, parts = [], schem = isSchematic(cfg, p), main, builtPart = null;
      var label = accessibleName(cfg, name, p);
      var marks = spec.geometry === 'Point' ? [] : markStrokes(cfg, name, p);
      function markPart(m) {
        return L.geoJSON(f, { interactive: false, pane: m.over ? 'hm-over' : 'hm-casing',
          style: function () { return m.style; } });
      }
      marks.forEach(function (m) { if (!m.over) { parts.push(markPart(m)); } });
      var geo = L.geoJSON(f, {
        pane: linePane,
        style: function () { return L.extend(mainStyle(cfg, name, p), { className: 'hm-f hm-l-' + name + ' hm-s-' + p.status }); },
        pointToLayer: function (ff, latlng) {
          return L.marker(latlng, { icon: pinIcon(cfg, name, p, offsets[p.id] || [0, 0]), riseOnHover: true,
            title: label, alt: label, keyboard: true });
        },
        onEachFeature: function (ff, lyr) {
          main = lyr;
          lyr.bindPopup(function () { return popupHtml(cfg, name, p); }, POPUP);
          lyr.bindTooltip(tooltipHtml(cfg, name, p), { sticky: spec.geometry !== 'Point', direction: 'top', className: 'hm-tip' });
          if (lyr.setStyle) {
            var base = mainStyle(cfg, name, p).weight;
            lyr.on('mouseover', function () { lyr.setStyle({ weight: base + 2.5 }); });  // hover
            lyr.on('mouseout', function () { lyr.setStyle({ weight: base }); });
          }
          nameLayer(lyr, label);
        }
      });
      parts.push(geo);
      if (spec.geometry !== 'Point') {
        strokes(cfg, name, p).slice(1).forEach(function (st) {
          parts.push(L.geoJSON(f, { interactive: false, pane: 'hm-over', style: function () { return L.extend(st, { className: 'hm-over hm-l-' + name }); } }));
        });
        marks.forEach(function (m) {
          if (!m.over) { return; }
          var part = markPart(m);
          if (m.progress) { builtPart = part; }
          parts.push(part);
        });
      }
      var k = kindOf(cfg, name, p), s = statusOf(cfg, p), progL = progressLabel(cfg, p);
      var entry = { id: p.id, zh: p.name_zh, en: p.name_en, layer: main, parts: parts, group: group, name: name, props: p, builtPart: builtPart,
        where: spec.zh + ' ' + spec.en,
        extra: [k.zh, k.en, spec.zh, spec.en, s.zh, s.en, progL[0], progL[1], p.clause, p.via] };
      HM.indexFeature(state, entry);
      state.plan.push(entry);
      parts.forEach(function (x) { group.addLayer(x); });
    });
    return group;
  }

  function label(latlng, html, cls) {
    return L.marker(latlng, { icon: L.divIcon({ className: 'hm-label ' + cls, html: html, iconSize: null }),
      interactive: false, keyboard: false, pane: 'hm-labels' });
  }

  function makeReference(state, data) {
    var cfg = state.cfg, ref = {}, R = cfg.reference;
    if (data.counties) {
      var labels = L.layerGroup();
      var counties = L.geoJSON(data.counties, {
        pane: 'hm-ref', className: 'hm-county',
        style: function (f) { return HM.countyStyle ? HM.countyStyle(state, f.properties) : R.county; },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          lyr.bindTooltip(esc(p.name_zh) + ' ' + esc(p.name_en), { sticky: true, className: 'hm-tip', direction: 'top' });
          lyr.on('click', function () { if (state.showDensity) { state.showDensity(p.adcode); } });
          nameLayer(lyr, p.name_zh + ' ' + p.name_en + ' — county-level unit');
          if (p.label) {
            labels.addLayer(label(p.label, esc(p.name_zh) + '<span>' + esc(p.name_en) + '</span>',
              'hm-label-county' + (p.small ? ' hm-label-small' : '')));
          }
          HM.indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.adcode, layer: lyr, group: null, parts: [],
            where: '县区 county-level unit', extra: ['县区', 'county'], reference: true,
            popup: refPopup('县区 <span class="hm-en">County-level unit</span>', p,
              row('面积 <span class="hm-en">Area</span>', num(p.area_km2, 0) + ' km²')) });
        }
      });
      ref.counties = L.featureGroup([counties, labels]);
      state.countyLayer = counties;
    }
    if (data.boundary) {
      ref.boundary = L.geoJSON(data.boundary, { pane: 'hm-refline', interactive: false, className: 'hm-boundary',
        style: function () { return R.boundary; } });
    }
    if (data.orientation) {
      var olabels = L.layerGroup();
      var orient = L.geoJSON(data.orientation, {
        pane: 'hm-water', className: 'hm-water',
        style: function (f) { return R[f.properties.kind] || R.river; },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          lyr.bindPopup(refPopup('巢湖与河流 <span class="hm-en">Chaohu and rivers</span>', p), POPUP);
          nameLayer(lyr, p.name_zh + ' ' + p.name_en + ' (schematic)');
          if (p.label) {
            olabels.addLayer(label(p.label, esc(p.name_zh) + '<span>' + esc(p.name_en) + '</span>',
              'hm-label-water hm-label-' + p.kind));
          }
          HM.indexFeature(state, { zh: p.name_zh, en: p.name_en, id: p.kind + ':' + p.name_en, layer: lyr, group: null, parts: [],
            where: '巢湖与河流 orientation (schematic)', extra: [p.kind], reference: true });
        }
      });
      ref.orientation = L.featureGroup([orient, olabels]);
      state.orientationLayer = orient;
    }
    return ref;
  }

  function makeBases(state) {
    var out = [];
    state.cfg.bases.forEach(function (b) {
      var layer = b.url
        ? L.tileLayer(b.url, { attribution: b.attribution, subdomains: b.subdomains || 'abc', maxZoom: b.maxZoom || 18, detectRetina: false })
        : L.layerGroup();
      out.push({ key: b.key, zh: b.zh, en: b.en, layer: layer, online: !!b.url, 'default': !!b['default'] });
    });
    if (!out.some(function (b) { return b['default']; })) { out[0]['default'] = true; }
    return out;
  }

  HM.makeNetwork = makeNetwork;
  HM.spreadOffsets = spreadOffsets;
  HM.makeLayer = makeLayer;
  HM.makeReference = makeReference;
  HM.makeBases = makeBases;
}(window));
