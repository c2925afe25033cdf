/*
 * Hefei plan maps: notices: failed basemap tiles, features outside the view (MIT licence).
 *
 * One polite live region for notices with buttons: basemap tiles that fail to
 * load (offline?) and the plan's features that lie outside the opening view.
 * No Python counterpart.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap,
    esc = HM.esc, stopClicks = HM.stopClicks;

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

  HM.noticeArea = noticeArea;
  HM.watchTiles = watchTiles;
  HM.offscreen = offscreen;
}(window));
