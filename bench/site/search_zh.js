/* bench: Chinese phrases first. Put at the start of the theme's search worker by bench/site/search_zh.py. */
(() => {
  const HAN = /\p{sc=Han}{2,}/gu;
  const texts = new Map(); // location -> title and text of the index entry, markup and word breaks removed
  const queries = []; // queries received and not yet answered, oldest first
  const plain = value => String(value || "").replace(/<[^>]*>/g, "").replace(/\u200b/g, "");
  self.addEventListener("message", event => {
    const message = event.data || {};
    if (message.type === 0 && message.data && Array.isArray(message.data.docs)) {
      for (const doc of message.data.docs) texts.set(doc.location, plain(doc.title) + "\n" + plain(doc.text));
    } else if (message.type === 2) {
      queries.push(String(message.data));
    }
  });
  const post = self.postMessage.bind(self);
  self.postMessage = (message, ...rest) => {
    if (message && message.type === 3 && queries.length) {
      const phrases = queries.shift().match(HAN) || [];
      const items = message.data && message.data.items;
      if (phrases.length && Array.isArray(items)) {
        const holds = doc => phrases.every(phrase => (texts.get(doc.location) || "").includes(phrase));
        const first = [];
        const others = [];
        for (const group of items) {
          if (group.some(holds)) {
            // The page holds the phrase: show it with the sections that hold it, none of its words missing.
            const kept = group.filter(doc => holds(doc) || !doc.location.includes("#"));
            for (const doc of kept) {
              for (const term of Object.keys(doc.terms || {})) doc.terms[term] = true;
            }
            first.push(kept);
          } else {
            others.push(group);
          }
        }
        message.data.items = [...first, ...others];
      }
    }
    return post(message, ...rest);
  };
})();
