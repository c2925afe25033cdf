/*
 * Hefei plan maps: map tools: distance measuring and the mini-map (MIT licence).
 *
 * Distances are great-circle (Leaflet's map.distance: haversine, 6371 km sphere); the mini-map
 * shows the county-level units and the water of the page's reference data.
 * No Python counterpart.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    svg = HM.svg, stopClicks = HM.stopClicks;

  function measureControl(state) {
    var map = state.map, num = HM.num;
    var Measure = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'leaflet-bar hm-measure');
        var a = L.DomUtil.create('button', 'hm-measure-btn', c);
        a.type = 'button'; a.innerHTML = svg('ruler', 18); a.title = '测距 Measure distance';
        a.setAttribute('aria-label', '测距 Measure distance'); a.setAttribute('aria-pressed', 'false');
        var out = L.DomUtil.create('div', 'hm-measure-out', c);
        out.setAttribute('aria-live', 'polite');
        stopClicks(c);
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
          a.setAttribute('aria-pressed', 'false');
          marks.clearLayers(); if (line) { map.removeLayer(line); line = null; }
          out.style.display = 'none'; pts = [];
        }
        function start() {
          active = true; pts = [];
          line = L.polyline([], { color: '#111', weight: 2, dashArray: '5 5', interactive: false, pane: 'hm-measure' }).addTo(map);
          marks.addTo(map); map.on('click', onClick); map.doubleClickZoom.disable();
          L.DomUtil.addClass(map.getContainer(), 'hm-measuring'); L.DomUtil.addClass(a, 'hm-on');
          a.setAttribute('aria-pressed', 'true');
          out.style.display = 'block'; show();
        }
        L.DomEvent.on(a, 'click', function (e) { L.DomEvent.preventDefault(e); if (active) { stop(); } else { start(); } });
        out.style.display = 'none';
        return c;
      }
    });
    new Measure().addTo(map);
  }

  function miniMap(state) {
    var data = state.data;
    if (!L.Control.MiniMap || HM.narrow()) { return; }
    // style.toml: the reference layers as [base.*] draws them (cfg.reference), each line
    // [minimap] `scale` times as wide and each fill opaque, on the `land` tint
    var parts = [], src = data.counties || data.boundary, R = state.cfg.reference || {}, M = state.cfg.minimap;
    var line = function (key) {
      var r = R[key] || {};
      return { color: r.color, weight: r.weight * M.scale, opacity: 1 };
    };
    if (src) { parts.push(L.geoJSON(src, { interactive: false, style: L.extend(line(data.counties ? 'county' : 'boundary'), { fillColor: M.land, fillOpacity: 1 }) })); }
    if (data.orientation) {
      parts.push(L.geoJSON(data.orientation, { interactive: false, style: function (f) {
        var k = f.properties.kind, r = R[k] || {};
        return r.fillColor ? L.extend(line(k), { fillColor: r.fillColor, fillOpacity: 1 }) : line(k);
      } }));
    }
    if (!parts.length) { return; }
    new L.Control.MiniMap(L.layerGroup(parts), {
      position: 'bottomleft', toggleDisplay: true, width: 130, height: 130, zoomLevelOffset: -3, minimized: true,
      aimingRectOptions: { color: M.view, weight: 1.5, fillOpacity: 0.06, interactive: false },
      shadowRectOptions: { color: '#000', weight: 1, opacity: 0, fillOpacity: 0, interactive: false },
      strings: { hideText: '隐藏小地图 Hide mini-map', showText: '显示小地图 Show mini-map' }
    }).addTo(state.map);
    // the plugin's toggle is a link titled by its state: a button named and expanded alike
    var toggle = state.map.getContainer().querySelector('.leaflet-control-minimap-toggle-display');
    if (toggle) {
      var sync = function () {
        toggle.setAttribute('aria-label', toggle.title);
        toggle.setAttribute('aria-expanded', String(!/\bminimized-/.test(toggle.className)));
      };
      toggle.setAttribute('role', 'button');
      sync();
      L.DomEvent.on(toggle, 'click', sync);  // after the plugin's own handler
    }
  }

  HM.measureControl = measureControl;
  HM.miniMap = miniMap;
}(window));
