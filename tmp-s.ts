import { runVllmServe } from '/work/wt/issue-13/src/testing/index';
const c = new AbortController(); let out='';
const run = runVllmServe(['Qwen/Qwen2.5-VL-3B-Instruct','--limit-mm-per-prompt','{"image": 1, "video": 0}','--port','18777'],{stdout:(t)=>{out+=t}, stderr:(t)=>{ if(t.includes('complete')) {console.log(out.split('\n').filter(l=>/non-default|init engine|warmup|Encoder/.test(l)).join('\n')); c.abort();}}, env:{}, pid:1, signal:c.signal});
await run;
