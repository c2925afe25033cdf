/*
 * Hefei plan maps: panels, layout, navigation and notices (MIT licence).
 *
 * Every panel is a button and a body. On a wide screen the main panels start
 * open; below 800 px every panel starts collapsed to a 44 px button and opens
 * as a sheet over the bottom of the map, one at a time. Popups live in a pane
 * above every panel; the controls come before the map's features in the tab
 * order; keyboard focus is always visible, a mouse click leaves no rectangle.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap, esc = HM.esc, bi = HM.bi;

  var ICONS = {
    layers: '<path d="M12 3l9 5-9 5-9-5z M3 13l9 5 9-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>',
    legend: '<path d="M4 6h3M10 6h10M4 12h3M10 12h10M4 18h3M10 18h10" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
    search: '<circle cx="10.5" cy="10.5" r="6" fill="none" stroke="currentColor" stroke-width="2"/><path d="M15 15l5.5 5.5" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
    list: '<path d="M8 6h12M8 12h12M8 18h12" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="4" cy="6" r="1.4" fill="currentColor"/><circle cx="4" cy="12" r="1.4" fill="currentColor"/><circle cx="4" cy="18" r="1.4" fill="currentColor"/>',
    links: '<path d="M12 3v11M7 9l5 5 5-5M4 20h16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
    density: '<path d="M4 20V10M10 20V4M16 20v-7M21 20H3" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
    ruler: '<path d="M3 15.5L15.5 3 21 8.5 8.5 21z M7 11.5l2 2 M9.5 9l1.5 1.5 M12 6.5l2 2 M14.5 4l1.5 1.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/>'
  };
  HM.ICONS = ICONS;

  function svg(name, size) {
    return '<svg viewBox="0 0 24 24" width="' + (size || 20) + '" height="' + (size || 20) + '" aria-hidden="true" focusable="false">' + ICONS[name] + '</svg>';
  }
  HM.svg = svg;

  // ------------------------------------------------------------- panel framework

  // Clicks inside a control never reach the map: Leaflet would take two quick taps on two
  // different buttons for a double tap on the map and zoom in.
  function stopClicks(el) {
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.on(el, 'click', L.DomEvent.stopPropagation);
  }
  HM.stopClicks = stopClicks;

  HM.panel = function (state, opts) {
    var Panel = L.Control.extend({
      options: { position: opts.position },
      onAdd: function () {
        var c = L.DomUtil.create('div', 'hm-panel hm-p-' + opts.key + (opts.className ? ' ' + opts.className : ''));
        var btn = L.DomUtil.create('button', 'hm-toggle', c);
        btn.type = 'button';
        btn.id = 'hm-t-' + opts.key;
        btn.setAttribute('aria-controls', 'hm-b-' + opts.key);
        btn.setAttribute('aria-label', opts.zh + ' ' + opts.en);
        btn.innerHTML = svg(opts.icon) + '<span class="hm-tl">' + bi(opts.zh, opts.en) + '</span><span class="hm-chev" aria-hidden="true"></span>';
        var body = L.DomUtil.create('div', 'hm-body', c);
        body.id = 'hm-b-' + opts.key;
        body.setAttribute('role', 'region');
        body.setAttribute('aria-labelledby', btn.id);
        if (opts.closeButton !== false) {
          var close = L.DomUtil.create('button', 'hm-close', body);
          close.type = 'button';
          close.setAttribute('aria-label', '关闭 Close');
          close.innerHTML = '<span aria-hidden="true">×</span>';
          L.DomEvent.on(close, 'click', function () { panel.setOpen(false); btn.focus(); });
        }
        var inner = L.DomUtil.create('div', 'hm-inner', body);
        stopClicks(c);
        L.DomEvent.disableScrollPropagation(c);
        panel.container = c; panel.button = btn; panel.body = inner; panel.region = body;
        L.DomEvent.on(btn, 'click', function () { panel.setOpen(!panel.open); });
        L.DomEvent.on(c, 'keydown', function (e) {
          if (e.key === 'Escape' && panel.open && HM.narrow()) { panel.setOpen(false); btn.focus(); }
        });
        if (opts.build) { opts.build(inner, panel); }
        if (opts.first) {
          var corner = this._map && this._map._controlCorners[opts.position];
          if (corner) { setTimeout(function () { corner.insertBefore(c, corner.firstChild); }, 0); }
        }
        panel.setOpen(HM.narrow() ? false : opts.open !== false, true);
        return c;
      }
    });
    var panel = {
      key: opts.key, open: false,
      setOpen: function (open, initial) {
        panel.open = !!open;
        L.DomUtil[open ? 'addClass' : 'removeClass'](panel.container, 'hm-open');
        panel.button.setAttribute('aria-expanded', open ? 'true' : 'false');
        panel.region.hidden = !open;
        if (open && HM.narrow() && !initial) {
          state.panels.forEach(function (p) { if (p !== panel && p.open) { p.setOpen(false); } });
          L.DomUtil.addClass(state.map.getContainer(), 'hm-sheet-open');
        } else if (HM.narrow() && !state.panels.some(function (p) { return p.open; })) {
          L.DomUtil.removeClass(state.map.getContainer(), 'hm-sheet-open');
        }
        if (opts.onToggle) { opts.onToggle(panel.open); }
      }
    };
    state.panels.push(panel);
    new Panel().addTo(state.map);
    return panel;
  };

  HM.closeSheets = function (state) {
    if (!HM.narrow()) { return; }
    state.panels.forEach(function (p) { if (p.open) { p.setOpen(false); } });
  };

  // ------------------------------------------------------------- layers panel

  function checkbox(parent, id, html, checked, onChange) {
    var row = L.DomUtil.create('label', 'hm-check', parent);
    row.htmlFor = id;
    var input = L.DomUtil.create('input', '', row);
    input.type = 'checkbox'; input.id = id; input.checked = !!checked;
    var text = L.DomUtil.create('span', 'hm-check-t', row);
    text.innerHTML = html;
    L.DomEvent.on(input, 'change', function () { onChange(input.checked); });
    return input;
  }
  HM.checkbox = checkbox;

  function count(n) { return n === null || n === undefined ? '' : ' <span class="hm-n">' + n + '</span>'; }
  HM.count = count;

  function layersPanel(state) {
    var cfg = state.cfg;
    return HM.panel(state, {
      key: 'layers', position: 'topright', icon: 'layers', zh: '图层与筛选', en: 'Layers & filters', open: true,
      build: function (body) {
        state.layerInputs = {};
        var bases = L.DomUtil.create('fieldset', 'hm-fs', body);
        bases.innerHTML = '<legend>底图 <span class="hm-en">Basemap</span></legend>';
        state.bases.forEach(function (b) {
          var row = L.DomUtil.create('label', 'hm-check', bases), id = 'hm-base-' + b.key;
          row.htmlFor = id;
          var input = L.DomUtil.create('input', '', row);
          input.type = 'radio'; input.name = 'hm-base'; input.id = id; input.value = b.key;
          input.checked = b.key === state.base;
          L.DomUtil.create('span', 'hm-check-t', row).innerHTML = bi(b.zh, b.en);
          L.DomEvent.on(input, 'change', function () { if (input.checked) { HM.setBase(state, b.key); } });
          b.input = input;
        });
        var groups = cfg.chapters.map(function (ch) {
          return { key: ch.key, zh: ch.zh, en: ch.en, items: ch.layers.map(function (name) {
            var spec = cfg.style.layers[name];
            return { key: name, zh: spec.zh, en: spec.en, n: cfg.counts[name] };
          }) };
        });
        var refs = [];
        if (state.overlays.existing_network) { refs.push({ key: 'existing_network', zh: '现状路网', en: 'Existing network', n: cfg.network.count }); }
        if (state.overlays.boundary) { refs.push({ key: 'boundary', zh: '合肥市界', en: 'Hefei boundary' }); }
        if (state.overlays.counties) { refs.push({ key: 'counties', zh: '县区', en: cfg.density ? 'County-level units, density shading' : 'County-level units' }); }
        if (state.overlays.orientation) { refs.push({ key: 'orientation', zh: '巢湖与河流', en: 'Chaohu & rivers (schematic)' }); }
        if (refs.length) { groups.push({ key: 'reference', zh: '参考', en: 'Reference', items: refs }); }
        groups.forEach(function (g) {
          var fs = L.DomUtil.create('fieldset', 'hm-fs hm-chapter', body);
          fs.setAttribute('data-chapter', g.key);
          var head = L.DomUtil.create('div', 'hm-ch-head', fs);
          var list = L.DomUtil.create('div', 'hm-ch-list', fs);
          list.id = 'hm-ch-' + g.key;
          var all = checkbox(head, 'hm-all-' + g.key, '<b>' + esc(g.zh) + '</b> <span class="hm-en">' + esc(g.en) + ' — all</span>', true, function (on) {
            g.items.forEach(function (it) { HM.setLayer(state, it.key, on); });
          });
          all.className = 'hm-all';
          var fold = L.DomUtil.create('button', 'hm-fold', head);
          fold.type = 'button';
          fold.setAttribute('aria-expanded', 'true');
          fold.setAttribute('aria-controls', list.id);
          fold.setAttribute('aria-label', '折叠 Fold ' + g.en);
          fold.innerHTML = '<span aria-hidden="true">▾</span>';
          L.DomEvent.on(fold, 'click', function () {
            var open = fold.getAttribute('aria-expanded') !== 'true';
            fold.setAttribute('aria-expanded', open ? 'true' : 'false');
            fold.setAttribute('aria-label', (open ? '折叠 Fold ' : '展开 Unfold ') + g.en);
            list.hidden = !open;
          });
          g.items.forEach(function (it) {
            var input = checkbox(list, 'hm-layer-' + it.key,
              '<span class="hm-lc" data-layer="' + esc(it.key) + '">' + bi(it.zh, it.en) + count(it.n) + '</span>',
              HM.layerOn(state, it.key), function (on) { HM.setLayer(state, it.key, on); });
            input.setAttribute('data-layer', it.key);
            state.layerInputs[it.key] = input;
          });
          g.all = all;
        });
        state.layerGroupsUi = groups;
        state.filterBox = L.DomUtil.create('div', 'hm-filters', body);
      }
    });
  }

  function syncLayerInputs(state) {
    Object.keys(state.layerInputs || {}).forEach(function (k) { state.layerInputs[k].checked = HM.layerOn(state, k); });
    (state.layerGroupsUi || []).forEach(function (g) {
      var on = g.items.filter(function (it) { return HM.layerOn(state, it.key); }).length;
      g.all.checked = on === g.items.length;
      g.all.indeterminate = on > 0 && on < g.items.length;
    });
    state.bases.forEach(function (b) { if (b.input) { b.input.checked = b.key === state.base; } });
  }
  HM.syncLayerInputs = syncLayerInputs;

  // ------------------------------------------------------------- legend, links, title

  function legendPanel(state) {
    HM.panel(state, {
      key: 'legend', position: 'bottomright', icon: 'legend', zh: '图例', en: 'Legend', open: true,
      build: function (body) {
        var scroll = L.DomUtil.create('div', 'hm-legend-body', body);
        scroll.tabIndex = 0;  // scrollable by keyboard
        scroll.setAttribute('role', 'group');
        scroll.setAttribute('aria-label', '图例 Legend (scrollable)');
        scroll.innerHTML = state.cfg.legend;  // built and escaped by geo/maps/_style.py
      }
    });
  }

  function linksHtml(cfg) {
    var h = '<nav aria-label="地图 Maps"><div class="hm-links-h">地图 <span class="hm-en">Maps</span></div><ul class="hm-links">';
    cfg.nav.forEach(function (n) {
      h += '<li><a href="' + esc(n.href) + '"' + (n.current ? ' aria-current="page"' : '') + '>' + bi(n.zh, n.en) + '</a></li>';
    });
    h += '</ul></nav>';
    if (cfg.downloads.length) {
      h += '<div class="hm-links-h">下载数据 <span class="hm-en">Download the data</span></div><ul class="hm-links hm-dl">';
      cfg.downloads.forEach(function (d) {
        h += '<li><a href="' + esc(d.href) + '" download>' + bi(d.zh, d.en) + ' <span class="hm-fmt">' + esc(d.format) + '</span></a></li>';
      });
      h += '</ul>';
    }
    return h;
  }

  function linksPanel(state) {
    var cfg = state.cfg;
    if (!cfg.nav.length && !cfg.downloads.length) { return; }
    HM.panel(state, {
      key: 'links', position: 'topright', icon: 'links', zh: '地图与下载', en: 'Maps & downloads', open: false, first: true,
      build: function (body) { body.innerHTML = linksHtml(cfg); }
    });
  }

  function titleBox(state) {
    var cfg = state.cfg, box = L.DomUtil.create('header', 'hm-title', state.map._controlContainer);
    var h = '<h1 class="hm-title-zh">' + esc(cfg.title.zh) + '<span class="hm-title-en">' + esc(cfg.title.en) + '</span></h1>';
    if (cfg.note) {
      h += '<div class="hm-datum hm-datum-' + esc(cfg.datum) + '"><span class="hm-datum-long">' + esc(cfg.note.zh) + '<br><span class="hm-en">' +
        esc(cfg.note.en) + '</span></span><span class="hm-datum-short">' + esc(cfg.datum === 'GCJ02' ? 'GCJ-02 高德' : cfg.datum) + '</span></div>';
    }
    if (cfg.nav.length) {
      h += '<nav class="hm-nav" aria-label="其他地图 Other maps">' + cfg.nav.map(function (n) {
        return n.current ? '<span class="hm-here" aria-current="page">' + esc(n.zh) + '</span>' : '<a href="' + esc(n.href) + '">' + esc(n.zh) + '</a>';
      }).join(' · ') + '</nav>';
    }
    if (cfg.downloads.length) {
      h += '<div class="hm-nav hm-dl-line">下载 <span class="hm-en">Download</span>: ' + cfg.downloads.filter(function (d) { return d.main; }).map(function (d) {
        return '<a href="' + esc(d.href) + '" download>' + esc(d.format) + ' <span class="hm-en">' + esc(d.short || '') + '</span></a>';
      }).join(' · ') + '</div>';
    }
    box.innerHTML = h;
    stopClicks(box);
    state.titleBox = box;
  }

  // ------------------------------------------------------------- notices

  function noticeArea(state) {
    var area = L.DomUtil.create('div', 'hm-notices', state.map._controlContainer);
    area.setAttribute('role', 'status');
    area.setAttribute('aria-live', 'polite');
    stopClicks(area);
    L.DomEvent.disableScrollPropagation(area);
    state.notices = {};
    // below the title on a wide screen
    if (!HM.narrow() && state.titleBox) { area.style.top = (state.titleBox.offsetTop + state.titleBox.offsetHeight + 8) + 'px'; }
    state.notice = function (key, html, buttons) {
      var old = state.notices[key];
      if (old) { old.remove(); }
      if (!html) { delete state.notices[key]; return null; }
      var n = L.DomUtil.create('div', 'hm-notice hm-notice-' + key, area);
      n.innerHTML = '<div class="hm-notice-t">' + html + '</div>';
      var row = L.DomUtil.create('div', 'hm-notice-b', n);
      (buttons || []).forEach(function (b) {
        var el = L.DomUtil.create('button', 'hm-btn', row);
        el.type = 'button'; el.innerHTML = b.html;
        L.DomEvent.on(el, 'click', b.onClick);
      });
      var x = L.DomUtil.create('button', 'hm-btn hm-notice-x', row);
      x.type = 'button'; x.setAttribute('aria-label', '关闭提示 Dismiss');
      x.innerHTML = '<span aria-hidden="true">×</span>';
      L.DomEvent.on(x, 'click', function () { state.notice(key, null); });
      state.notices[key] = n;
      return n;
    };
  }

  function watchTiles(state) {
    state.bases.forEach(function (b) {
      if (!b.online) { return; }
      var failed = 0;
      b.layer.on('tileerror', function () {
        failed += 1;
        if (failed === 1 || !state.notices.tiles) {
          state.notice('tiles', '底图瓦片加载失败（离线？）<span class="hm-en">Basemap tiles (' + esc(b.zh) + ') failed to load — offline? ' +
            'The projects are still drawn; pick the plain basemap under Layers.</span>', [{
            html: '空白底图 <span class="hm-en">Plain basemap</span>',
            onClick: function () { HM.setBase(state, 'plain'); state.notice('tiles', null); }
          }]);
        }
      });
      b.layer.on('tileload', function () { failed = 0; });
    });
  }

  HM.zoomTo = function (state, entry, open) {
    var map = state.map, lyr = entry.layer;
    if (entry.group && !map.hasLayer(entry.group)) { map.addLayer(entry.group); }
    if (entry.hidden && state.clearFilters) { state.clearFilters(entry); }
    if (!lyr) { return; }
    if (lyr.getLatLng) { map.setView(lyr.getLatLng(), Math.max(map.getZoom(), 11), { animate: false }); }
    else if (lyr.getBounds) { map.fitBounds(lyr.getBounds(), { maxZoom: 12, padding: [30, 30], animate: false }); }
    if (open === false) { return; }
    if (entry.popup && !lyr.getPopup()) { lyr.bindPopup(entry.popup, HM.POPUP); }
    if (lyr.getPopup()) { lyr.openPopup(); }
    if (state.onChange) { state.onChange(); }
  };

  function offscreen(state) {
    var view = state.map.getBounds(), out = state.plan.filter(function (e) {
      var b = HM.featureBounds(e);
      return b && !view.intersects(b);
    });
    if (!out.length) { return; }
    var names = out.map(function (e) { return esc(e.zh) + ' <span class="hm-en">' + esc(e.en) + '</span>'; }).join('、');
    state.notice('offscreen', out.length + ' 个项目在视图外 <span class="hm-en">' + out.length +
      (out.length === 1 ? ' project lies' : ' projects lie') + ' outside this view:</span> <span class="hm-names">' + names + '</span>', [{
      html: '显示全部 <span class="hm-en">Show all</span>',
      onClick: function () {
        var b = L.latLngBounds(state.cfg.bounds);
        state.plan.forEach(function (e) { var fb = HM.featureBounds(e); if (fb) { b.extend(fb); } });
        state.map.fitBounds(b, { padding: [20, 20] });
        state.notice('offscreen', null);
      }
    }].concat(HM.narrow() ? [] : out.slice(0, 3).map(function (e) {
      return { html: esc(e.zh), onClick: function () { HM.zoomTo(state, e); state.notice('offscreen', null); } };
    })));
    state.offscreen = out.map(function (e) { return e.id; });
  }

  // ------------------------------------------------------------- measuring

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
    var parts = [], src = data.counties || data.boundary;
    if (src) { parts.push(L.geoJSON(src, { interactive: false, style: { color: '#8a8a8a', weight: 0.8, fillColor: '#e9e5dc', fillOpacity: 1 } })); }
    if (data.orientation) {
      parts.push(L.geoJSON(data.orientation, { interactive: false, style: function (f) {
        return f.properties.kind === 'lake' ? { color: '#5b9bd5', weight: 0.6, fillColor: '#b5d8f2', fillOpacity: 1 } : { color: '#5b9bd5', weight: f.properties.kind === 'major_river' ? 2 : 0.8 };
      } }));
    }
    if (!parts.length) { return; }
    new L.Control.MiniMap(L.layerGroup(parts), {
      position: 'bottomleft', toggleDisplay: true, width: 130, height: 130, zoomLevelOffset: -3, minimized: true,
      aimingRectOptions: { color: '#c0392b', weight: 1.5, fillOpacity: 0.06, interactive: false },
      shadowRectOptions: { color: '#000', weight: 1, opacity: 0, fillOpacity: 0, interactive: false },
      strings: { hideText: '隐藏小地图 Hide mini-map', showText: '显示小地图 Show mini-map' }
    }).addTo(state.map);
    var toggle = state.map.getContainer().querySelector('.minimap-toggle-display');
    if (toggle) { toggle.setAttribute('aria-label', '隐藏小地图 Hide mini-map'); toggle.setAttribute('role', 'button'); }
  }

  // ------------------------------------------------------------- layout, focus, print

  // Popups above every panel: the popup pane leaves the map pane (a stacking context
  // under the controls) for the container, and follows the map pane's offset.
  function popupsOnTop(state) {
    var map = state.map, pane = map.getPane('popupPane'), mapPane = map.getPane('mapPane');
    map.getContainer().appendChild(pane);
    L.DomUtil.addClass(pane, 'hm-popup-top');
    function sync() { L.DomUtil.setPosition(pane, L.DomUtil.getPosition(mapPane)); }
    map.on('move zoom viewreset zoomend moveend resize', sync);
    sync();
  }

  // Controls first in the tab order (before the features in the map pane).
  function controlsFirst(state) {
    var c = state.map.getContainer();
    c.insertBefore(state.map._controlContainer, c.firstChild);
  }

  function fitDefault(state) {
    var map = state.map, cfg = state.cfg, size = map.getSize(), wide = size.x > 1100 && size.y > 640;
    map.fitBounds(cfg.bounds, wide ? { paddingTopLeft: [cfg.density ? 200 : 180, 70], paddingBottomRight: [300, 10], animate: false }
      : { padding: [8, 8], animate: false });
  }
  HM.fitDefault = fitDefault;

  function printing(state) {
    var map = state.map, before = null;
    function prep() {
      before = { c: map.getCenter(), z: map.getZoom() };
      L.DomUtil.addClass(map.getContainer(), 'hm-print');
      map.invalidateSize({ animate: false });
      map.fitBounds(state.cfg.bounds, { padding: [4, 4], animate: false });
    }
    function done() {
      L.DomUtil.removeClass(map.getContainer(), 'hm-print');
      map.invalidateSize({ animate: false });
      if (before) { map.setView(before.c, before.z, { animate: false }); }
    }
    global.addEventListener('beforeprint', prep);
    global.addEventListener('afterprint', done);
    HM.preparePrint = prep;
  }

  HM.modules.push(function (state) {
    var map = state.map, cfg = state.cfg;
    state.panels = [];
    var restored = HM.permalink ? HM.permalink.read(state) : null;
    var base = (restored && restored.base) || (state.bases.filter(function (b) { return b['default']; })[0] || state.bases[0]).key;
    state.base = base;
    state.bases.forEach(function (b) { if (b.key === base) { b.layer.addTo(map); } });
    var layers = restored && restored.layers ? restored.layers : state.defaultLayers;
    Object.keys(state.overlays).forEach(function (k) { if (layers.indexOf(k) >= 0) { state.overlays[k].addTo(map); } });
    if (restored && restored.view) { map.setView(restored.view.center, restored.view.zoom, { animate: false }); }
    else { fitDefault(state); }
    controlsFirst(state);
    map.getContainer().setAttribute('role', 'main');
    map.getContainer().setAttribute('aria-label', '地图 Map: ' + cfg.title.en);
    titleBox(state);
    noticeArea(state);
    if (map.zoomControl) {
      stopClicks(map.zoomControl.getContainer());
      map.zoomControl.getContainer().querySelectorAll('a').forEach(function (a) { a.setAttribute('role', 'button'); });
    }
    if (L.control.fullscreen && !HM.narrow()) {
      L.control.fullscreen({ position: 'topleft', title: '全屏 Full screen', titleCancel: '退出全屏 Exit full screen', forceSeparateButton: true }).addTo(map);
      var fs = map.getContainer().querySelector('.leaflet-control-zoom-fullscreen');
      if (fs) { fs.setAttribute('aria-label', '全屏 Full screen'); fs.setAttribute('role', 'button'); }
    }
    measureControl(state);
    state.layersPanel = layersPanel(state);
    linksPanel(state);
    legendPanel(state);
    miniMap(state);
    L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: 120 }).addTo(map);
    popupsOnTop(state);
    watchTiles(state);
    printing(state);
    state.onChange = function () {
      syncLayerInputs(state);
      if (state.applyFilters) { state.applyFilters(); }
      if (HM.permalink) { HM.permalink.write(state); }
    };
    map.on('popupopen', function (e) {
      var src = e.popup._source, entry = null;
      state.index.forEach(function (x) { if (x.layer === src) { entry = x; } });
      state.selectedFeature = entry && !entry.reference ? entry.id : null;
      if (HM.permalink) { HM.permalink.write(state); }
    });
    map.on('popupclose', function () { state.selectedFeature = null; if (HM.permalink) { HM.permalink.write(state); } });
    state.afterBuild = state.afterBuild || [];
    state.afterBuild.push(function () {
      if (!(restored && restored.view)) { offscreen(state); }
      if (restored && restored.feature && state.byId[restored.feature]) { HM.zoomTo(state, state.byId[restored.feature], true); }
    });
  });

  // The last module: things that need every panel in place.
  HM.finish = function (state) {
    state.finishing = true;
    (state.afterBuild || []).forEach(function (f) { f(); });
    if (state.onChange) { state.onChange(); }
  };
}(window));
